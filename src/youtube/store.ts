import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import type { Selection } from "../engine/Step.ts"
import type { DiscogsVideo } from "./discogsVideos.ts"
import type { CandidateSource, Scored } from "./match/index.ts"
import type { CreditedArtist, ReleaseInfo, TrackInfo } from "./wanted.ts"
import type { MatchedVideo } from "../library/matchColumns.ts"

/** A track's decision as stored in `youtube_matches`. */
export interface StoredMatch extends MatchedVideo {
  readonly track_id: number
  readonly source: string | null
  readonly matched_at: string | null
  readonly is_override: number
  readonly unavailable_reason: string | null
  readonly unavailable_at: string | null
}

export interface BestCandidate {
  readonly video_id: string
  readonly title: string
  readonly channel: string | null
  readonly score: number
  readonly notes: string
}

export interface ReleaseToMatch extends ReleaseInfo {
  readonly releaseId: number
  readonly matched: boolean
  readonly tracks: ReadonlyArray<TrackInfo>
  readonly videos: ReadonlyArray<DiscogsVideo>
  readonly matches: ReadonlyMap<number, StoredMatch>
  /** The best candidate of each stored decision (what a "no match" came closest to). */
  readonly bestCandidates: ReadonlyMap<number, BestCandidate>
  /** Videos known to be gone for good. */
  readonly unavailable: ReadonlySet<string>
}

/**
 * A release is matched when `youtube_matched = 1` and every track has a decision (a re-sync
 * may add one); with the flag "rematch-failed", not while a track's video is one the audio
 * step found unavailable (overrides excepted).
 */
export const youtubeDone = (sql: SqlClient.SqlClient, selection: Selection) =>
  sql`(r.youtube_matched = 1
    AND NOT EXISTS (SELECT 1 FROM tracks t WHERE t.release_id = r.release_id
      AND NOT EXISTS (SELECT 1 FROM youtube_matches m WHERE m.track_id = t.track_id))
    AND NOT (${selection.flags.has("rematch-failed") ? 1 : 0} = 1 AND EXISTS (SELECT 1 FROM tracks t
      JOIN youtube_matches m ON m.track_id = t.track_id
      WHERE t.release_id = r.release_id AND m.is_override = 0 AND m.unavailable_reason IS NOT NULL)))`

/** The tracks of these releases: at most one search each, for `crate plan`. */
export const trackCount = (releaseIds: ReadonlyArray<number>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT count(*) AS n FROM tracks WHERE release_id IN (SELECT value FROM json_each(${JSON.stringify(releaseIds)}))`,
      ([row]) => row?.n ?? 0
    ))

/** The next run decides these releases' tracks again; tracks whose video was chosen by hand keep it. */
export const forgetMatches = (releaseIds: ReadonlyArray<number>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`UPDATE releases SET youtube_matched = 0 WHERE release_id IN (SELECT value FROM json_each(${JSON.stringify(releaseIds)}))`)

const matchColumns = "track_id, video_id, video_url, video_title, channel, video_duration, score, source, matched_at, is_override, unavailable_reason, unavailable_at"

/** Everything the step needs to decide a release's tracks; undefined when the release is not in the database. */
export const loadRelease = (releaseId: number): Effect.Effect<ReleaseToMatch | undefined, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [release] = yield* sql<{ title: string; year: number | null; youtube_matched: number }>`SELECT title, year, youtube_matched FROM releases WHERE release_id = ${releaseId}`
    if (release === undefined) return undefined
    const releaseArtists = yield* sql<CreditedArtist>`SELECT a.name, ra.anv FROM release_artists ra JOIN artists a USING (artist_id)
      WHERE ra.release_id = ${releaseId} ORDER BY ra.position`
    const tracks = yield* sql<{ track_id: number; position: string; title: string; index_title: string | null; duration_seconds: number | null }>`
      SELECT track_id, position, title, index_title, duration_seconds FROM tracks WHERE release_id = ${releaseId} ORDER BY sequence`
    const trackArtists = yield* sql<CreditedArtist & { track_id: number }>`SELECT ta.track_id, a.name, ta.anv FROM track_artists ta
      JOIN artists a USING (artist_id) JOIN tracks t USING (track_id) WHERE t.release_id = ${releaseId} ORDER BY t.sequence, ta.position`
    const videos = yield* sql<DiscogsVideo>`SELECT uri, title, description, duration_seconds FROM videos WHERE release_id = ${releaseId} ORDER BY position`
    const matches = yield* sql<StoredMatch>`SELECT ${sql.literal(matchColumns)} FROM youtube_matches
      WHERE track_id IN (SELECT track_id FROM tracks WHERE release_id = ${releaseId})`
    const best = yield* sql<BestCandidate & { track_id: number }>`SELECT track_id, video_id, title, channel, score, notes
      FROM youtube_candidates WHERE rank = 1 AND track_id IN (SELECT track_id FROM tracks WHERE release_id = ${releaseId})`
    const unavailable = yield* sql<{ video_id: string }>`SELECT video_id FROM youtube_unavailable`
    const labels = yield* sql<{ name: string; catno: string | null }>`SELECT l.name, rl.catno FROM release_labels rl JOIN labels l USING (label_id)
      WHERE rl.release_id = ${releaseId}`
    return {
      releaseId,
      title: release.title,
      matched: release.youtube_matched === 1,
      artists: releaseArtists,
      labelWords: [...labels.flatMap((label) => [label.name, label.catno ?? ""]), ...(release.year ? [String(release.year)] : [])].filter((word) => word !== ""),
      durations: tracks.flatMap((t) => (t.duration_seconds === null ? [] : [t.duration_seconds])),
      tracks: tracks.map((t) => ({
        trackId: t.track_id,
        position: t.position,
        title: t.title,
        indexTitle: t.index_title,
        durationSeconds: t.duration_seconds,
        artists: trackArtists.filter((a) => a.track_id === t.track_id)
      })),
      videos,
      matches: new Map(matches.map((m) => [m.track_id, m])),
      bestCandidates: new Map(best.map(({ track_id, ...candidate }) => [track_id, candidate])),
      unavailable: new Set([...unavailable.map((u) => u.video_id), ...matches.flatMap((m) => m.unavailable_reason !== null && m.video_id !== null ? [m.video_id] : [])])
    }
  })

/** One track decided by this run: the row for `youtube_matches` and every candidate considered. */
export interface NewDecision {
  readonly trackId: number
  readonly match: Omit<StoredMatch, "track_id" | "is_override" | "unavailable_reason" | "unavailable_at">
  readonly ranked: ReadonlyArray<Scored>
  /** The search that found each candidate (absent: a Discogs video). */
  readonly queries: ReadonlyMap<string, string>
  /** The decision this one replaces, when its video was found unavailable. */
  readonly replacedUnavailable?: { readonly videoId: string; readonly reason: string; readonly at: string } | undefined
}

const chunk = <A>(rows: ReadonlyArray<A>, size = 200): ReadonlyArray<ReadonlyArray<A>> =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size))

/**
 * The item's writes, run in its commit transaction: each decision (never over an override
 * a user set meanwhile), its candidates, the videos found gone, and `youtube_matched` = 1
 * when every track of the release has a decision.
 */
export const writeDecisions = (releaseId: number, decisions: ReadonlyArray<NewDecision>, at: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    for (const decision of decisions) {
      if (decision.replacedUnavailable) {
        const gone = decision.replacedUnavailable
        yield* sql`INSERT INTO youtube_unavailable (video_id, reason, noted_at) VALUES (${gone.videoId}, ${gone.reason}, ${gone.at})
          ON CONFLICT (video_id) DO NOTHING`
      }
      const row = { track_id: decision.trackId, ...decision.match, is_override: 0, unavailable_reason: null, unavailable_at: null }
      yield* sql`INSERT INTO youtube_matches ${sql.insert(row)}
        ON CONFLICT (track_id) DO UPDATE SET video_id = excluded.video_id, video_url = excluded.video_url,
          video_title = excluded.video_title, channel = excluded.channel, video_duration = excluded.video_duration,
          score = excluded.score, source = excluded.source, matched_at = excluded.matched_at,
          unavailable_reason = NULL, unavailable_at = NULL
        WHERE youtube_matches.is_override = 0`
      yield* sql`DELETE FROM youtube_candidates WHERE track_id = ${decision.trackId}`
      const rows = decision.ranked.map((scored, rank) => candidateRow(decision.trackId, scored, rank + 1, decision.queries.get(scored.candidate.videoId) ?? null, at))
      for (const part of chunk(rows)) yield* sql`INSERT INTO youtube_candidates ${sql.insert(part)}`
    }
    yield* updateMatchedFlag(releaseId)
  })

export const candidateRow = (trackId: number, scored: Scored, rank: number, query: string | null, at: string) => ({
  track_id: trackId,
  video_id: scored.candidate.videoId,
  rank,
  source: scored.candidate.source satisfies CandidateSource,
  kind: scored.candidate.kind,
  title: scored.candidate.title,
  artists: JSON.stringify(scored.candidate.artists),
  channel: scored.candidate.channel,
  album: scored.candidate.album,
  duration_seconds: scored.candidate.durationSeconds === null ? null : Math.round(scored.candidate.durationSeconds),
  score: scored.score,
  parts: JSON.stringify(scored.parts),
  notes: JSON.stringify(scored.notes),
  query,
  considered_at: at
})

/** `youtube_matched` = 1 exactly when every track of the release has a decision. */
export const updateMatchedFlag = (releaseId: number) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`UPDATE releases SET youtube_matched = CASE WHEN EXISTS (SELECT 1 FROM tracks t WHERE t.release_id = ${releaseId}
        AND NOT EXISTS (SELECT 1 FROM youtube_matches m WHERE m.track_id = t.track_id)) THEN 0 ELSE 1 END
      WHERE release_id = ${releaseId}`)

export interface CandidateRow {
  readonly track_id: number
  readonly video_id: string
  readonly rank: number
  readonly source: string
  readonly kind: string
  readonly title: string
  readonly artists: string
  readonly channel: string | null
  readonly duration_seconds: number | null
  readonly score: number
  readonly parts: string
  readonly notes: string
  readonly query: string | null
}

/** Every candidate considered for the release's current decisions, best first per track. */
export const candidatesOf = (releaseId: number) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql<CandidateRow>`SELECT c.track_id, c.video_id, c.rank, c.source, c.kind, c.title, c.artists, c.channel,
        c.duration_seconds, c.score, c.parts, c.notes, c.query
      FROM youtube_candidates c JOIN tracks t USING (track_id) WHERE t.release_id = ${releaseId} ORDER BY t.sequence, c.rank`)
