import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import type { Fragment } from "@effect/sql/Statement"
import { Effect } from "effect"
import { creditedArtists } from "../library/releaseFolder.ts"

/** One track as tempo and key searches and playlists list it. */
export interface TrackListing {
  readonly track_id: number
  readonly release_id: number
  /** The track's own artists as credited, else the release's. */
  readonly artist: string
  readonly release_title: string
  readonly position: string
  readonly title: string
  readonly bpm: number | null
  readonly bpm_alternative: number | null
  readonly bpm_confidence: number | null
  readonly key: string | null
  readonly camelot: string | null
  /** The audio file, relative to the library; null for an imported analysis whose file is not there. */
  readonly path: string | null
  readonly duration_seconds: number | null
}

type Row = Omit<TrackListing, "artist">

/** A track without an audio file, and why: "no match", "not matched yet", "video unavailable: …", "not downloaded yet". */
export interface TrackWithoutAudio extends TrackListing {
  readonly why: string
}

/**
 * Tracks that meet `where` (on `t` the track, `r` its release, `f` its audio file and `a`
 * its analysis, each row null where there is none), in the order given: the search behind
 * `crate query bpm|key` and `crate playlist`.
 */
export const trackListings = (
  where: (sql: SqlClient.SqlClient) => Fragment,
  orderBy: string
): Effect.Effect<ReadonlyArray<TrackListing>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<Row>`SELECT t.track_id, t.release_id, r.title AS release_title, t.position, t.title,
        a.bpm, a.bpm_alternative, a.bpm_confidence, a.key, a.camelot, f.path, coalesce(f.duration_seconds, t.duration_seconds) AS duration_seconds
      FROM tracks t
      JOIN releases r ON r.release_id = t.release_id
      LEFT JOIN audio_files f ON f.track_id = t.track_id
      LEFT JOIN audio_analysis a ON a.analysis_id = (SELECT max(analysis_id) FROM audio_analysis WHERE track_id = t.track_id)
      WHERE ${where(sql)}
      ORDER BY ${sql.literal(orderBy)}`
    return yield* withArtists(rows)
  })

const withArtists = (rows: ReadonlyArray<Row>) =>
  Effect.gen(function*() {
    if (rows.length === 0) return []
    const sql = yield* SqlClient.SqlClient
    const releases = JSON.stringify([...new Set(rows.map((row) => row.release_id))])
    const tracks = JSON.stringify(rows.map((row) => row.track_id))
    const releaseCredits = yield* sql<{ id: number; name: string; join_phrase: string | null }>`
      SELECT ra.release_id AS id, coalesce(ra.anv, a.name) AS name, ra.join_phrase FROM release_artists ra JOIN artists a USING (artist_id)
      WHERE ra.release_id IN (SELECT value FROM json_each(${releases})) ORDER BY ra.release_id, ra.position`
    const trackCredits = yield* sql<{ id: number; name: string; join_phrase: string | null }>`
      SELECT ta.track_id AS id, coalesce(ta.anv, a.name) AS name, ta.join_phrase FROM track_artists ta JOIN artists a USING (artist_id)
      WHERE ta.track_id IN (SELECT value FROM json_each(${tracks})) ORDER BY ta.track_id, ta.position`
    const group = (credits: ReadonlyArray<{ id: number; name: string; join_phrase: string | null }>) => {
      const byId = new Map<number, Array<{ name: string; join_phrase: string | null }>>()
      for (const credit of credits) byId.set(credit.id, [...(byId.get(credit.id) ?? []), credit])
      return byId
    }
    const ofRelease = group(releaseCredits)
    const ofTrack = group(trackCredits)
    return rows.map((row): TrackListing => ({
      ...row,
      artist: creditedArtists(ofTrack.get(row.track_id) ?? ofRelease.get(row.release_id) ?? []) || "Unknown Artist"
    }))
  })

/** The track's tempo, or its half/double reading, is in `[from, to]`. */
export const tempoBetween = (sql: SqlClient.SqlClient, from: number, to: number): Fragment =>
  sql.or([sql`a.bpm BETWEEN ${from} AND ${to}`, sql`a.bpm_alternative BETWEEN ${from} AND ${to}`])

/** The track is in one of these keys (Camelot codes). */
export const keyIn = (sql: SqlClient.SqlClient, camelots: ReadonlyArray<string>): Fragment =>
  sql`a.camelot IN (SELECT value FROM json_each(${JSON.stringify(camelots)}))`

/** Round the Camelot wheel: 1A, 1B, 2A, … 12B. */
export const wheelOrder = "CAST(substr(a.camelot, 1, length(a.camelot) - 1) AS INTEGER), a.camelot"

/** Tracks whose tempo, or its half/double reading, is in `[from, to]`; by tempo. */
export const byTempo = (from: number, to: number) =>
  trackListings(
    (sql) => tempoBetween(sql, from, to),
    "CASE WHEN a.bpm BETWEEN " + Number(from) + " AND " + Number(to) + " THEN a.bpm ELSE a.bpm_alternative END, t.release_id, t.sequence"
  )

/** Tracks in one of these keys (Camelot codes); by key, then tempo. */
export const byKey = (camelots: ReadonlyArray<string>) =>
  trackListings((sql) => keyIn(sql, camelots), `${wheelOrder}, a.bpm, t.release_id, t.sequence`)

/** Tracks without an audio file, those with no match among them, in collection order: `crate query missing audio`. */
export const tracksWithoutAudio = (): Effect.Effect<ReadonlyArray<TrackWithoutAudio>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const why = new Map((yield* sql<{ track_id: number; why: string }>`SELECT t.track_id,
        CASE WHEN m.track_id IS NULL THEN 'not matched yet'
          WHEN m.video_id IS NULL THEN 'no match'
          WHEN m.unavailable_reason IS NOT NULL THEN 'video unavailable: ' || m.unavailable_reason
          ELSE 'not downloaded yet' END AS why
      FROM tracks t LEFT JOIN youtube_matches m ON m.track_id = t.track_id
      WHERE NOT EXISTS (SELECT 1 FROM audio_files f WHERE f.track_id = t.track_id)`).map((row) => [row.track_id, row.why]))
    const tracks = yield* trackListings((sql) => sql`f.track_id IS NULL`, "t.release_id, t.sequence")
    return tracks.map((track) => ({ ...track, why: why.get(track.track_id) ?? "not downloaded yet" }))
  })
