import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { join, relative } from "node:path"
import { audioFileNames } from "../audio/fileNames.ts"
import { normalizeRelease } from "../discogs/normalize.ts"
import { writeRelease } from "../library/releaseStore.ts"
import { fileFacts, MigrateError, readReleaseFolder } from "./folder.ts"
import { opusDuration } from "./opusDuration.ts"
import * as Store from "./store.ts"

/** What one folder brought in; counts are of rows written now (0 on a second run). */
export interface FolderResult {
  readonly folder: string
  readonly releaseId: number
  readonly title: string
  /** The release's Discogs data was written (false: it was in the database already, and is kept). */
  readonly imported: boolean
  readonly covers: number
  readonly matches: number
  readonly audio: number
  readonly analysis: number
  readonly flags: { readonly covers: boolean; readonly youtube: boolean; readonly audio: boolean }
  readonly notes: ReadonlyArray<string>
}

/** The image each cover file stands for: `cover.*` the primary one, `cover_<n>.*` the n-th in Discogs order (as the covers step names them). */
const coverPlaces = (images: Store.StoredRelease["images"]) => {
  const primary = images.find((image) => image.type === "primary") ?? images[0]
  const others = images.filter((image) => image !== primary)
  return new Map([...(primary === undefined ? [] : [[1, primary] as const]), ...others.map((image, i) => [i + 2, image] as const)])
}

/** The track an audio file is of: crate's own name for it (by the template or the default), or a name starting with the track's position. */
const audioTrack = (name: string, tracks: ReadonlyArray<Store.StoredTrack>, byFile: ReadonlyMap<string, string>, template: string) => {
  for (const names of [audioFileNames(tracks, template), audioFileNames(tracks)]) {
    const own = names.indexOf(name)
    if (own >= 0) return tracks[own]
  }
  const position = byFile.get(name)
  if (position !== undefined) return tracks.find((track) => track.position === position)
  const lower = name.toLowerCase()
  const hits = tracks.filter((track) => track.position !== "" && /^[ .\-_]/.test(lower.slice(track.position.length)) && lower.startsWith(track.position.toLowerCase()))
  return hits.length === 1 ? hits[0] : undefined
}

const watch = (baseUrl: string, videoId: string) => `${baseUrl}/watch?v=${encodeURIComponent(videoId)}`

/**
 * Imports one release folder (inside the library): its Discogs data unless the database has
 * the release already, then every cover file, match, audio file and analysis the database does
 * not have yet, and the flags that follow. Files are read and hashed before the writes, which
 * are one transaction.
 */
export const migrateFolder = (folder: string, library: string, youtubeUrl: string, fileNameTemplate: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const found = yield* readReleaseFolder(folder)
    const releaseId = found.release.id
    const dbError = (error: { readonly message: string }) => new MigrateError({ folder, message: `the database: ${error.message}` })
    const notes = [...found.notes]

    const imported = !(yield* Store.releaseExists(releaseId).pipe(Effect.mapError(dbError)))
    if (imported) {
      yield* sql.withTransaction(writeRelease(normalizeRelease(found.release), found.syncedAt)).pipe(Effect.mapError(dbError))
    }
    const libraryPath = relative(library, folder)
    yield* Store.setLibraryPath(releaseId, libraryPath).pipe(Effect.mapError(dbError))
    const stored = yield* Store.storedRelease(releaseId).pipe(Effect.mapError(dbError))
    if (stored.libraryPath !== null && stored.libraryPath !== libraryPath) {
      notes.push(`the database has this release in ${stored.libraryPath}: its files there are what the steps use`)
    }

    const places = coverPlaces(stored.images)
    const covers: Array<Store.CoverRecord> = []
    for (const [place, name] of found.covers) {
      const image = places.get(place)
      if (image === undefined) {
        notes.push(`${name}: Discogs lists no image ${place} for this release; not recorded`)
        continue
      }
      if (image.file_path !== null) continue
      const facts = yield* fileFacts(folder, join(folder, name))
      covers.push({ position: image.position, file_path: join(libraryPath, name), bytes: facts.bytes, sha256: facts.sha256, downloaded_at: facts.modifiedAt, uri: image.uri })
    }

    const byPosition = new Map(stored.tracks.map((track) => [track.position, track]))
    const matches: Array<Store.MatchRecord> = []
    const matchOf = new Map<number, { readonly videoId: string | null; readonly videoUrl: string | null }>()
    for (const track of stored.tracks) if (track.decided === 1) matchOf.set(track.track_id, { videoId: track.video_id, videoUrl: track.video_url })
    const fileOf = new Map<string, string>()
    // crate scores 0–100; a file whose scores are all at most 1 was scored 0–1.
    const scale = found.matches.every((match) => match.score === null || match.score <= 1) ? 100 : 1
    for (const match of found.matches) {
      const track = byPosition.get(match.position)
      if (track === undefined) {
        notes.push(`yt_matches.json: the release has no track ${match.position}; skipped`)
        continue
      }
      if (match.file !== null) fileOf.set(match.file, match.position)
      if (track.decided === 1) continue
      const videoUrl = match.videoId === null ? null : match.url ?? watch(youtubeUrl, match.videoId)
      matches.push({
        track_id: track.track_id,
        video_id: match.videoId,
        video_url: videoUrl,
        video_title: match.title,
        channel: match.channel,
        video_duration: match.duration === null ? null : Math.round(match.duration),
        score: match.score === null ? null : match.score * scale,
        matched_at: found.matchedAt ?? found.syncedAt
      })
      matchOf.set(track.track_id, { videoId: match.videoId, videoUrl })
    }

    const audio: Array<Store.AudioRecord> = []
    const analysis: Array<{ readonly trackId: number; readonly bpm: number | null; readonly key: string | null }> = []
    const analysed = new Set(stored.tracks.filter((track) => track.has_analysis === 1).map((track) => track.track_id))
    for (const name of found.audio) {
      const track = audioTrack(name, stored.tracks, fileOf, fileNameTemplate)
      if (track === undefined) {
        notes.push(`${name}: matches no track of the release (name it "<position> - <title>.opus" or list it as "file" in yt_matches.json); not recorded`)
        continue
      }
      const own = found.audioAnalysis.get(name)
      if (own !== undefined && !analysed.has(track.track_id)) {
        analysis.push({ trackId: track.track_id, ...own })
        analysed.add(track.track_id)
      }
      if (track.has_audio === 1) continue
      const match = matchOf.get(track.track_id)
      if (match?.videoUrl == null) {
        notes.push(`${name}: track ${track.position} has no YouTube match to say where it came from; not recorded`)
        continue
      }
      const path = join(folder, name)
      const seconds = yield* Effect.promise(() => opusDuration(path).catch(() => undefined))
      if (seconds === undefined) {
        notes.push(`${name}: not an Ogg Opus file; not recorded`)
        continue
      }
      const facts = yield* fileFacts(folder, path)
      audio.push({
        track_id: track.track_id,
        path: join(libraryPath, name),
        duration_seconds: seconds,
        bytes: facts.bytes,
        sha256: facts.sha256,
        video_id: match.videoId,
        video_url: match.videoUrl,
        downloaded_at: facts.modifiedAt
      })
    }
    for (const [position, entry] of found.analysis) {
      const track = byPosition.get(position)
      if (track === undefined) notes.push(`analysis.json: the release has no track ${position}; skipped`)
      else if (!analysed.has(track.track_id)) {
        analysis.push({ trackId: track.track_id, ...entry })
        analysed.add(track.track_id)
      }
    }

    yield* sql.withTransaction(Effect.gen(function*() {
      for (const cover of covers) yield* Store.recordCover(releaseId, cover)
      for (const match of matches) yield* Store.insertMatch(match)
      for (const file of audio) yield* Store.insertAudio(file)
      for (const entry of analysis) yield* Store.insertAnalysis(entry.trackId, entry.bpm, entry.key, found.syncedAt)
      yield* Store.raiseFlags(releaseId)
    })).pipe(Effect.mapError(dbError))
    const flags = yield* Store.flags(releaseId).pipe(Effect.mapError(dbError))

    const result: FolderResult = {
      folder,
      releaseId,
      title: found.release.title,
      imported,
      covers: covers.length,
      matches: matches.length,
      audio: audio.length,
      analysis: analysis.length,
      flags: { covers: flags?.covers_downloaded === 1, youtube: flags?.youtube_matched === 1, audio: flags?.audio_downloaded === 1 },
      notes
    }
    return result
  })
