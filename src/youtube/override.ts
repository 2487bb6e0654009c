import { SqlClient } from "@effect/sql"
import { Data, Effect } from "effect"
import { nowIso } from "../engine/clock.ts"
import * as RunLock from "../engine/RunLock.ts"
import { inTransaction } from "../engine/transaction.ts"
import { videoIdOf } from "./discogsVideos.ts"
import { loadRelease, updateMatchedFlag } from "./store.ts"
import { writeMatchesFile } from "./writeMatchesFile.ts"

export class MatchEditError extends Data.TaggedError("MatchEditError")<{ readonly message: string }> {}

export interface TrackRef {
  readonly trackId: number
  readonly position: string
  readonly title: string
}

/** A track by its Discogs position ("A", "B2", "1-3"; case ignored), or by its number in the tracklist ("#3"). */
export const findTrack = (releaseId: number, position: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const tracks = yield* sql<{ track_id: number; position: string; position_key: string; title: string; sequence: number }>`
      SELECT track_id, position, position_key, title, sequence FROM tracks WHERE release_id = ${releaseId} ORDER BY sequence`
    if (tracks.length === 0) {
      return yield* new MatchEditError({ message: `release ${releaseId} has no tracks in the database: sync it first (crate run metadata --release-id ${releaseId})` })
    }
    const wanted = position.trim()
    const track = tracks.find((t) => t.position === wanted || t.position_key === wanted) ??
      tracks.find((t) => t.position.toLowerCase() === wanted.toLowerCase()) ??
      tracks.find((t) => `#${t.sequence}` === wanted)
    if (track === undefined) {
      const known = tracks.map((t) => t.position || `#${t.sequence}`)
      return yield* new MatchEditError({ message: `release ${releaseId} has no track at position "${position}"; its positions are: ${known.join(", ")}` })
    }
    return { trackId: track.track_id, position: track.position || `#${track.sequence}`, title: track.title } satisfies TrackRef
  })

export const parseVideo = (url: string) =>
  Effect.suspend(() => {
    const id = videoIdOf(url)
    return id === null
      ? Effect.fail(new MatchEditError({ message: `"${url}" is not a YouTube video link (https://www.youtube.com/watch?v=…) nor an 11-character video id` }))
      : Effect.succeed(id)
  })

/**
 * Sets a track's decision by hand: a video (`videoId`) or "no match" (null). Runs never
 * replace it. What is known of the video from earlier searches is copied in.
 */
export const setOverride = (releaseId: number, track: TrackRef, videoId: string | null, videoUrl: string | null, at: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [known] = videoId === null ? [] : yield* sql<{ title: string; channel: string | null; artists: string; duration_seconds: number | null }>`
      SELECT title, channel, artists, duration_seconds FROM youtube_candidates WHERE video_id = ${videoId} LIMIT 1`
    const row = {
      track_id: track.trackId,
      video_id: videoId,
      video_url: videoUrl,
      video_title: known?.title ?? null,
      channel: known ? known.channel ?? ((JSON.parse(known.artists) as ReadonlyArray<string>).join(", ") || null) : null,
      video_duration: known?.duration_seconds ?? null,
      score: null,
      source: "override",
      matched_at: at,
      is_override: 1,
      unavailable_reason: null,
      unavailable_at: null
    }
    yield* inTransaction(sql, Effect.zipRight(
      sql`INSERT INTO youtube_matches ${sql.insert(row)} ON CONFLICT (track_id) DO UPDATE SET
        video_id = excluded.video_id, video_url = excluded.video_url, video_title = excluded.video_title,
        channel = excluded.channel, video_duration = excluded.video_duration, score = NULL, source = 'override',
        matched_at = excluded.matched_at, is_override = 1, unavailable_reason = NULL, unavailable_at = NULL`,
      updateMatchedFlag(releaseId)
    ))
  })

/** Removes a track's override, so that the next run decides it again. False when it had none. */
export const clearOverride = (releaseId: number, track: TrackRef) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    return yield* inTransaction(sql, Effect.gen(function*() {
      const removed = yield* sql<{ match_id: number }>`DELETE FROM youtube_matches WHERE track_id = ${track.trackId} AND is_override = 1 RETURNING match_id`
      yield* updateMatchedFlag(releaseId)
      return removed.length > 0
    }))
  })

/**
 * Changes a release's decisions by hand (`crate match`, the review page): under the run lock,
 * so no run decides the same tracks meanwhile (a run holding it answers `DatabaseBusy`), and
 * the release's yt_matches.json rewritten after.
 */
export const editMatches = <A, E, R>(command: string, releaseId: number, change: (at: string) => Effect.Effect<A, E, R>) =>
  Effect.scoped(Effect.gen(function*() {
    yield* RunLock.acquire(command)
    const at = yield* nowIso
    const result = yield* change(at)
    const release = yield* loadRelease(releaseId)
    if (release !== undefined) yield* writeMatchesFile(release, new Map(), at)
    return result
  }))
