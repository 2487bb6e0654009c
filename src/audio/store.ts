import { createHash } from "node:crypto"
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { inTransaction } from "../engine/transaction.ts"
import { creditedArtists, stripDiscogsSuffix } from "../library/releaseFolder.ts"
import type { ReleaseInfo } from "./tags.ts"

/**
 * A release's audio is done when it is marked `audio_downloaded` and every matched track has
 * its file, downloaded from the video it is matched to now (a rematch or an override makes
 * the file outdated). The engine takes a release only once the youtube step is done with it.
 */
export const audioDone = `r.audio_downloaded = 1 AND NOT EXISTS (SELECT 1 FROM tracks t
  JOIN youtube_matches m ON m.track_id = t.track_id LEFT JOIN audio_files f ON f.track_id = t.track_id
  WHERE t.release_id = r.release_id AND m.video_url IS NOT NULL AND (f.video_url IS NULL OR f.video_url <> m.video_url))`

/** The matched tracks of these releases whose file is missing or outdated: the downloads a run makes. */
export const downloadsDue = (releaseIds: ReadonlyArray<number>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT count(*) AS n FROM tracks t JOIN youtube_matches m ON m.track_id = t.track_id
        LEFT JOIN audio_files f ON f.track_id = t.track_id
        WHERE t.release_id IN (SELECT value FROM json_each(${JSON.stringify(releaseIds)})) AND m.video_url IS NOT NULL
          AND (f.video_url IS NULL OR f.video_url <> m.video_url)`,
      ([row]) => row?.n ?? 0
    ))

/** The next run downloads these releases' audio again: the flag, and the tracks' file records (the files are replaced then). */
export const forgetAudio = (releaseIds: ReadonlyArray<number>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const ids = JSON.stringify(releaseIds)
    yield* sql`UPDATE releases SET audio_downloaded = 0 WHERE release_id IN (SELECT value FROM json_each(${ids}))`
    yield* sql`DELETE FROM audio_files WHERE track_id IN (SELECT track_id FROM tracks WHERE release_id IN (SELECT value FROM json_each(${ids})))`
  })

/**
 * The audio step's fingerprint of a release: the videos its tracks are matched to. A release
 * that failed for good (a removed video) is tried again once a rematch changes it.
 */
export const matchedVideos = (releaseId: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ video_url: string }>`SELECT m.video_url FROM tracks t JOIN youtube_matches m ON m.track_id = t.track_id
      WHERE t.release_id = ${releaseId} AND m.video_url IS NOT NULL ORDER BY t.sequence`
    return createHash("sha1").update(rows.map((row) => row.video_url).join("\n")).digest("hex")
  })

interface CreditRow {
  readonly name: string
  readonly anv: string | null
  readonly join_phrase: string | null
}

// As printed on the release: the name variation when Discogs has one.
const credited = (rows: ReadonlyArray<CreditRow>) =>
  creditedArtists(rows.map((row) => ({ name: row.anv ?? row.name, join_phrase: row.join_phrase })))

export const releaseInfo = (releaseId: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [release] = yield* sql<{ title: string; year: number | null; released: string | null }>`
      SELECT title, year, released FROM releases WHERE release_id = ${releaseId}`
    if (!release) return yield* Effect.dieMessage(`release ${releaseId} is not in the database`)
    const artists = yield* sql<CreditRow>`SELECT a.name, ra.anv, ra.join_phrase FROM release_artists ra
      JOIN artists a USING (artist_id) WHERE ra.release_id = ${releaseId} ORDER BY ra.position`
    const [label] = yield* sql<{ name: string; catno: string | null }>`SELECT l.name, rl.catno FROM release_labels rl
      JOIN labels l USING (label_id) WHERE rl.release_id = ${releaseId} ORDER BY rl.position LIMIT 1`
    const genres = yield* sql<{ name: string }>`SELECT g.name FROM release_genres rg JOIN genres g USING (genre_id)
      WHERE rg.release_id = ${releaseId} ORDER BY g.name`
    const catno = label?.catno?.trim() ?? ""
    const info: ReleaseInfo = {
      releaseId,
      title: release.title,
      artist: credited(artists) || "Unknown Artist",
      released: release.released,
      year: release.year,
      label: label ? stripDiscogsSuffix(label.name) : null,
      // Discogs writes "none" for a release without a catalogue number.
      catalogueNumber: catno === "" || catno.toLowerCase() === "none" ? null : catno,
      genres: genres.map((genre) => genre.name)
    }
    return info
  })

/** A track of the release with its youtube decision and the file it has, if any. */
export interface TrackRow {
  readonly track_id: number
  readonly position: string
  readonly title: string
  /** The track's own artists as credited, or null. */
  readonly artist: string | null
  readonly match_id: number | null
  readonly video_id: string | null
  readonly video_url: string | null
  readonly video_duration: number | null
  readonly unavailable_reason: string | null
  readonly file_path: string | null
  readonly file_bytes: number | null
  readonly file_video_url: string | null
}

/** Every track of the release, in order (numbering and file names need them all). */
export const releaseTracks = (releaseId: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const tracks = yield* sql<Omit<TrackRow, "artist">>`SELECT t.track_id, t.position, t.title,
        m.match_id, m.video_id, m.video_url, m.video_duration, m.unavailable_reason,
        f.path AS file_path, f.bytes AS file_bytes, f.video_url AS file_video_url
      FROM tracks t
      LEFT JOIN youtube_matches m ON m.match_id = (SELECT max(match_id) FROM youtube_matches WHERE track_id = t.track_id)
      LEFT JOIN audio_files f ON f.track_id = t.track_id
      WHERE t.release_id = ${releaseId} ORDER BY t.sequence`
    const credits = yield* sql<CreditRow & { track_id: number }>`SELECT ta.track_id, a.name, ta.anv, ta.join_phrase
      FROM track_artists ta JOIN tracks t USING (track_id) JOIN artists a ON a.artist_id = ta.artist_id
      WHERE t.release_id = ${releaseId} ORDER BY ta.track_id, ta.position`
    return tracks.map((track): TrackRow => {
      const own = credits.filter((credit) => credit.track_id === track.track_id)
      return { ...track, artist: own.length > 0 ? credited(own) : null }
    })
  })

export interface AudioFileRow {
  readonly track_id: number
  /** Relative to the library. */
  readonly path: string
  readonly codec: string
  readonly duration_seconds: number
  readonly bytes: number
  readonly sha256: string
  readonly video_id: string | null
  readonly video_url: string
  readonly downloaded_at: string
}

/** Records a track's file as soon as it is in place, so that no later run downloads it again. */
export const recordAudioFile = (row: AudioFileRow, matchId: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* inTransaction(sql, Effect.zipRight(
      sql`INSERT INTO audio_files ${sql.insert({ ...row })} ON CONFLICT (track_id) DO UPDATE SET
        path = excluded.path, codec = excluded.codec, duration_seconds = excluded.duration_seconds,
        bytes = excluded.bytes, sha256 = excluded.sha256, video_id = excluded.video_id,
        video_url = excluded.video_url, downloaded_at = excluded.downloaded_at`,
      sql`UPDATE youtube_matches SET unavailable_reason = NULL, unavailable_at = NULL
        WHERE match_id = ${matchId} AND unavailable_reason IS NOT NULL`
    ))
  })

/** Flags a match whose video is gone, so that `--rematch-failed` lets the youtube step pick another. */
export const flagUnavailable = (matchId: number, reason: string, at: string) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`UPDATE youtube_matches SET unavailable_reason = ${reason}, unavailable_at = ${at} WHERE match_id = ${matchId}`)

/** The item's commit: every matched track of the release has its file. */
export const markReleaseDownloaded = (releaseId: number) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`UPDATE releases SET audio_downloaded = 1 WHERE release_id = ${releaseId}`.pipe(Effect.asVoid))
