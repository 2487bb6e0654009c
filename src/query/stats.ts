import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"

export interface Count {
  readonly name: string
  readonly count: number
}

export interface Stats {
  readonly releases: number
  /** Releases owned now (in the collection listing, not removed from it). */
  readonly owned: number
  readonly artists: number
  readonly labels: number
  readonly tracks: number
  /** Sum of the tracks' Discogs durations (many tracks have none). */
  readonly hours: number
  readonly years: { readonly first: number | null; readonly last: number | null }
  readonly decades: ReadonlyArray<Count>
  readonly genres: ReadonlyArray<Count>
  readonly styles: ReadonlyArray<Count>
  readonly formats: ReadonlyArray<Count>
  readonly covers: number
  readonly youtube: number
  readonly audio: number
  /** Tracks with a video, and with an audio file. */
  readonly tracksMatched: number
  readonly tracksWithAudio: number
  readonly audioBytes: number
}

/** Collection statistics: sizes, spread over decades, genres, styles and formats, and the assets' progress. */
export const readStats = (top = 10): Effect.Effect<Stats, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [row] = yield* sql<Omit<Stats, "years" | "decades" | "genres" | "styles" | "formats"> & { first: number | null; last: number | null; seconds: number }>`
      SELECT (SELECT count(*) FROM releases) AS releases,
        (SELECT count(DISTINCT release_id) FROM collection_items WHERE removed_at IS NULL) AS owned,
        (SELECT count(DISTINCT artist_id) FROM (SELECT artist_id FROM release_artists UNION SELECT artist_id FROM track_artists)) AS artists,
        (SELECT count(DISTINCT label_id) FROM release_labels) AS labels,
        (SELECT count(*) FROM tracks) AS tracks,
        (SELECT coalesce(sum(duration_seconds), 0) FROM tracks) AS seconds,
        (SELECT min(year) FROM releases) AS first, (SELECT max(year) FROM releases) AS last,
        (SELECT count(*) FROM releases WHERE covers_downloaded = 1) AS covers,
        (SELECT count(*) FROM releases WHERE youtube_matched = 1) AS youtube,
        (SELECT count(*) FROM releases WHERE audio_downloaded = 1) AS audio,
        (SELECT count(*) FROM youtube_matches WHERE video_id IS NOT NULL) AS tracksMatched,
        (SELECT count(*) FROM audio_files) AS tracksWithAudio,
        (SELECT coalesce(sum(bytes), 0) FROM audio_files) AS audioBytes`
    const decades = yield* sql<Count>`SELECT (year / 10 * 10) || 's' AS name, count(*) AS count FROM releases
      WHERE year IS NOT NULL GROUP BY year / 10 ORDER BY year / 10`
    const genres = yield* sql<Count>`SELECT g.name, count(*) AS count FROM release_genres rg JOIN genres g USING (genre_id)
      GROUP BY g.genre_id ORDER BY count(*) DESC, g.name LIMIT ${top}`
    const styles = yield* sql<Count>`SELECT s.name, count(*) AS count FROM release_styles rs JOIN styles s USING (style_id)
      GROUP BY s.style_id ORDER BY count(*) DESC, s.name LIMIT ${top}`
    // A release counts once per format name, however many discs of it there are.
    const formats = yield* sql<Count>`SELECT name, count(*) AS count FROM (
        SELECT DISTINCT r.release_id, json_extract(f.value, '$.name') AS name FROM releases r, json_each(r.formats) f)
      WHERE name IS NOT NULL GROUP BY name ORDER BY count(*) DESC, name LIMIT ${top}`
    return {
      releases: row?.releases ?? 0,
      owned: row?.owned ?? 0,
      artists: row?.artists ?? 0,
      labels: row?.labels ?? 0,
      tracks: row?.tracks ?? 0,
      hours: Math.round((row?.seconds ?? 0) / 360) / 10,
      years: { first: row?.first ?? null, last: row?.last ?? null },
      decades,
      genres,
      styles,
      formats,
      covers: row?.covers ?? 0,
      youtube: row?.youtube ?? 0,
      audio: row?.audio ?? 0,
      tracksMatched: row?.tracksMatched ?? 0,
      tracksWithAudio: row?.tracksWithAudio ?? 0,
      audioBytes: row?.audioBytes ?? 0
    }
  })

export const releaseCount = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  Effect.map(sql<{ n: number }>`SELECT count(*) AS n FROM releases`, (rows) => rows[0]?.n ?? 0))
