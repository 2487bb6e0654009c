import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import type { Fragment } from "@effect/sql/Statement"
import { Effect } from "effect"
import { creditedArtists } from "../library/releaseFolder.ts"
import type { ScoreParts } from "../youtube/match/index.ts"
import type { CandidateRow } from "../youtube/store.ts"

/**
 * The tracks a person should look at: decided by a run as "no match", or matched below
 * `below` points. Decisions taken by hand are never asked again; tracks no run has decided
 * yet have no candidates to choose from and wait for `crate run assets --only youtube`.
 */
const queueCondition = (sql: SqlClient.SqlClient, below: number) =>
  sql`m.is_override = 0 AND (m.video_id IS NULL OR m.score < ${below})`

/** A choice made on the review page: a video, or "no video" (null). */
export interface Decision {
  readonly videoId: string | null
}

export interface ReviewCounts {
  readonly waiting: number
  readonly undecided: number
}

export const reviewCounts = (below: number): Effect.Effect<ReviewCounts, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [row] = yield* sql<{ waiting: number; undecided: number }>`SELECT
        (SELECT count(*) FROM tracks t JOIN youtube_matches m USING (track_id) WHERE ${queueCondition(sql, below)}) AS waiting,
        (SELECT count(*) FROM tracks t WHERE NOT EXISTS (SELECT 1 FROM youtube_matches m WHERE m.track_id = t.track_id)) AS undecided`
    return { waiting: row?.waiting ?? 0, undecided: row?.undecided ?? 0 }
  })

/** The track of the queue after `afterTrack` in queue order (wrapping round), or its first; null when the queue is empty. */
export const nextInQueue = (below: number, afterTrack: number | null): Effect.Effect<number | null, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const first = (after: Fragment) =>
      sql<{ track_id: number }>`SELECT t.track_id FROM tracks t JOIN youtube_matches m USING (track_id)
        JOIN releases r ON r.release_id = t.release_id WHERE ${queueCondition(sql, below)} AND ${after}
        ORDER BY r.title, t.release_id, t.sequence LIMIT 1`
    const [next] = afterTrack === null ? [] : yield* first(sql`(r.title, t.release_id, t.sequence) >
      (SELECT r2.title, t2.release_id, t2.sequence FROM tracks t2 JOIN releases r2 ON r2.release_id = t2.release_id WHERE t2.track_id = ${afterTrack})`)
    const [wrapped] = next === undefined ? yield* first(sql`1`) : [next]
    return wrapped?.track_id ?? null
  })

export interface ReviewCandidate {
  readonly videoId: string
  readonly source: string
  readonly title: string
  /** The uploader or the credited artists. */
  readonly who: string
  readonly durationSeconds: number | null
  readonly score: number
  readonly parts: ScoreParts
  readonly notes: ReadonlyArray<string>
}

export interface ReviewTrack {
  readonly trackId: number
  readonly releaseId: number
  readonly releaseTitle: string
  readonly releaseArtist: string
  readonly position: string
  readonly title: string
  readonly artist: string | null
  readonly durationSeconds: number | null
  readonly cover: string | null
  readonly decision: {
    readonly videoId: string | null
    readonly videoUrl: string | null
    readonly score: number | null
    readonly source: string | null
    readonly byHand: boolean
  } | null
  readonly candidates: ReadonlyArray<ReviewCandidate>
  /** The downloaded file (relative to the library) and the video it came from. */
  readonly audio: { readonly path: string; readonly videoUrl: string | null } | null
}

const candidateOf = (c: CandidateRow): ReviewCandidate => ({
  videoId: c.video_id,
  source: c.source,
  title: c.title,
  who: c.channel ?? ((JSON.parse(c.artists) as ReadonlyArray<string>).join(", ") || "?"),
  durationSeconds: c.duration_seconds,
  score: c.score,
  parts: JSON.parse(c.parts) as ScoreParts,
  notes: JSON.parse(c.notes) as ReadonlyArray<string>
})

export const reviewTrack = (trackId: number): Effect.Effect<ReviewTrack | null, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [track] = yield* sql<{ release_id: number; release_title: string; position: string; sequence: number; title: string; duration_seconds: number | null }>`
      SELECT t.release_id, r.title AS release_title, t.position, t.sequence, t.title, t.duration_seconds
      FROM tracks t JOIN releases r USING (release_id) WHERE t.track_id = ${trackId}`
    if (track === undefined) return null
    const credits = (rows: ReadonlyArray<{ name: string; join_phrase: string | null }>) => creditedArtists(rows)
    const releaseArtists = yield* sql<{ name: string; join_phrase: string | null }>`SELECT coalesce(ra.anv, a.name) AS name, ra.join_phrase
      FROM release_artists ra JOIN artists a USING (artist_id) WHERE ra.release_id = ${track.release_id} ORDER BY ra.position`
    const trackArtists = yield* sql<{ name: string; join_phrase: string | null }>`SELECT coalesce(ta.anv, a.name) AS name, ta.join_phrase
      FROM track_artists ta JOIN artists a USING (artist_id) WHERE ta.track_id = ${trackId} ORDER BY ta.position`
    const [cover] = yield* sql<{ file_path: string }>`SELECT file_path FROM images WHERE release_id = ${track.release_id} AND file_path IS NOT NULL
      ORDER BY type <> 'primary', position LIMIT 1`
    const [match] = yield* sql<{ video_id: string | null; video_url: string | null; score: number | null; source: string | null; is_override: number }>`
      SELECT video_id, video_url, score, source, is_override FROM youtube_matches WHERE track_id = ${trackId}`
    const candidates = yield* sql<CandidateRow>`SELECT track_id, video_id, rank, source, kind, title, artists, channel,
        duration_seconds, score, parts, notes, query FROM youtube_candidates WHERE track_id = ${trackId} ORDER BY rank`
    const [file] = yield* sql<{ path: string; video_url: string | null }>`SELECT path, video_url FROM audio_files WHERE track_id = ${trackId}`
    return {
      trackId,
      releaseId: track.release_id,
      releaseTitle: track.release_title,
      releaseArtist: credits(releaseArtists) || "Unknown Artist",
      position: track.position || `#${track.sequence}`,
      title: track.title,
      artist: trackArtists.length > 0 ? credits(trackArtists) : null,
      durationSeconds: track.duration_seconds,
      cover: cover?.file_path ?? null,
      decision: match === undefined ? null : {
        videoId: match.video_id,
        videoUrl: match.video_url,
        score: match.score,
        source: match.source,
        byHand: match.is_override === 1
      },
      candidates: candidates.map(candidateOf),
      audio: file === undefined ? null : { path: file.path, videoUrl: file.video_url }
    }
  })
