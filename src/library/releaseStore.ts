import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect, Option } from "effect"
import type {
  ArtistRow,
  ImageRow,
  LabelRow,
  NormalizedRelease,
  ReleaseArtistRow,
  ReleaseLabelRow,
  ReleaseRow,
  TrackArtistRow,
  TrackRow,
  VideoRow
} from "../discogs/normalize.ts"

// Keeps multi-row INSERTs under SQLite's bound-parameter limit (32766) for huge tracklists.
const CHUNK_ROWS = 500

const chunked = <A>(rows: ReadonlyArray<A>): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) out.push(rows.slice(i, i + CHUNK_ROWS))
  return out
}

/**
 * Stores one normalised release. Run it inside `sql.withTransaction` (the caller owns the
 * transaction so it can batch releases); on its own every statement commits separately and a
 * failure leaves the release half-written.
 *
 * Phase-2 columns of `releases` (library_path, covers_downloaded, youtube_matched,
 * audio_downloaded) are never written. Tracks are upserted by (release_id, position_key) so
 * their `track_id`, and the enrichment rows pointing at it, survive a re-sync; tracks whose
 * position_key disappeared are deleted (their enrichments cascade).
 *
 * Assumes the client has no query/result name transforms: column names are snake_case.
 */
export const writeRelease = (
  release: NormalizedRelease,
  syncedAt: string
): Effect.Effect<void, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const id = release.release.release_id
    const insertChunks = <A extends Record<string, unknown>, B>(
      rows: ReadonlyArray<A>,
      statement: (chunk: ReadonlyArray<A>) => Effect.Effect<ReadonlyArray<B>, SqlError>
    ) => Effect.map(Effect.forEach(chunked(rows), statement), (results) => results.flat())

    yield* sql`INSERT INTO releases ${sql.insert({ ...release.release, discogs_synced_at: syncedAt })}
      ON CONFLICT(release_id) DO UPDATE SET
        title = excluded.title, year = excluded.year, country = excluded.country,
        released = excluded.released, notes = excluded.notes, formats = excluded.formats,
        master_id = excluded.master_id, data_quality = excluded.data_quality,
        discogs_uri = excluded.discogs_uri, discogs_synced_at = excluded.discogs_synced_at`

    yield* insertChunks(release.artists, (rows) =>
      sql`INSERT INTO artists ${sql.insert(rows)}
        ON CONFLICT(artist_id) DO UPDATE SET name = excluded.name WHERE name IS NOT excluded.name`)
    yield* insertChunks(release.labels, (rows) =>
      sql`INSERT INTO labels ${sql.insert(rows)}
        ON CONFLICT(label_id) DO UPDATE SET name = excluded.name WHERE name IS NOT excluded.name`)

    yield* sql`DELETE FROM release_artists WHERE release_id = ${id}`
    yield* insertChunks(release.release_artists, (rows) => sql`INSERT INTO release_artists ${sql.insert(rows)}`)
    yield* sql`DELETE FROM release_labels WHERE release_id = ${id}`
    yield* insertChunks(release.release_labels, (rows) => sql`INSERT INTO release_labels ${sql.insert(rows)}`)

    // genres/styles have no position column: rows are inserted in Discogs order and read back
    // by rowid (see readRelease).
    const genreIds = yield* upsertNames("genres", "genre_id", release.genres)
    yield* sql`DELETE FROM release_genres WHERE release_id = ${id}`
    yield* insertChunks(genreIds.map((genre_id) => ({ release_id: id, genre_id })), (rows) =>
      sql`INSERT INTO release_genres ${sql.insert(rows)}`)
    const styleIds = yield* upsertNames("styles", "style_id", release.styles)
    yield* sql`DELETE FROM release_styles WHERE release_id = ${id}`
    yield* insertChunks(styleIds.map((style_id) => ({ release_id: id, style_id })), (rows) =>
      sql`INSERT INTO release_styles ${sql.insert(rows)}`)

    // Upserted by (release_id, position), writing only the Discogs columns: the covers step's
    // columns (file_path, sha256, downloaded_uri, …) survive a re-sync.
    const imagePositions = JSON.stringify(release.images.map((image) => image.position))
    yield* sql`DELETE FROM images WHERE release_id = ${id}
      AND position NOT IN (SELECT value FROM json_each(${imagePositions}))`
    yield* insertChunks(release.images, (rows) =>
      sql`INSERT INTO images ${sql.insert(rows)}
        ON CONFLICT(release_id, position) DO UPDATE SET
          type = excluded.type, uri = excluded.uri, width = excluded.width, height = excluded.height`)
    yield* sql`DELETE FROM videos WHERE release_id = ${id}`
    yield* insertChunks(release.videos, (rows) => sql`INSERT INTO videos ${sql.insert(rows)}`)

    const keys = JSON.stringify(release.tracks.map((t) => t.position_key))
    yield* sql`DELETE FROM tracks WHERE release_id = ${id}
      AND position_key NOT IN (SELECT value FROM json_each(${keys}))`
    const upserted = yield* insertChunks(release.tracks, (rows) =>
      sql<{ track_id: number; position_key: string }>`INSERT INTO tracks ${sql.insert(rows)}
        ON CONFLICT(release_id, position_key) DO UPDATE SET
          sequence = excluded.sequence, position = excluded.position, title = excluded.title,
          duration_seconds = excluded.duration_seconds, heading = excluded.heading,
          index_title = excluded.index_title
        RETURNING track_id, position_key`)

    const idByKey = new Map(upserted.map((r) => [r.position_key, r.track_id]))
    const idBySequence = new Map(release.tracks.map((t) => [t.sequence, idByKey.get(t.position_key)]))
    yield* sql`DELETE FROM track_artists
      WHERE track_id IN (SELECT track_id FROM tracks WHERE release_id = ${id})`
    const trackArtists = release.track_artists.map(({ sequence, ...credit }) => {
      const track_id = idBySequence.get(sequence)
      if (track_id === undefined) throw new Error(`track_artists row for unknown sequence ${sequence}`)
      return { track_id, ...credit }
    })
    yield* insertChunks(trackArtists, (rows) => sql`INSERT INTO track_artists ${sql.insert(rows)}`)
  })

/** Inserts missing names into `genres`/`styles`; returns the ids in the order of `names`. */
const upsertNames = (table: "genres" | "styles", idColumn: "genre_id" | "style_id", names: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    if (names.length === 0) return []
    const sql = yield* SqlClient.SqlClient
    // DO UPDATE (not DO NOTHING) so RETURNING also reports the rows that already existed.
    const rows = yield* sql<{ id: number; name: string }>`INSERT INTO ${sql(table)}
      ${sql.insert(names.map((name) => ({ name })))}
      ON CONFLICT(name) DO UPDATE SET name = excluded.name
      RETURNING ${sql(idColumn)} AS id, name`
    const ids = new Map(rows.map((r) => [r.name, r.id]))
    return names.map((name) => {
      const id = ids.get(name)
      if (id === undefined) throw new Error(`${table}: no id returned for ${name}`)
      return id
    })
  })

const firstAppearance = <A>(rows: ReadonlyArray<A>, idOf: (row: A) => number, order: ReadonlyArray<number>) => {
  const byId = new Map(rows.map((r) => [idOf(r), r]))
  return [...new Set(order)].flatMap((id) => byId.get(id) ?? [])
}

/** The stored rows of a release, in the shape `normalizeRelease` produced them. */
export const readRelease = (
  releaseId: number
): Effect.Effect<Option.Option<NormalizedRelease>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [release] = yield* sql<ReleaseRow>`SELECT release_id, title, year, country, released, notes,
      formats, master_id, data_quality, discogs_uri FROM releases WHERE release_id = ${releaseId}`
    if (release === undefined) return Option.none()

    const release_artists = yield* sql<ReleaseArtistRow>`SELECT release_id, position, artist_id, anv,
      join_phrase, role FROM release_artists WHERE release_id = ${releaseId} ORDER BY position`
    const release_labels = yield* sql<ReleaseLabelRow>`SELECT release_id, position, label_id, catno
      FROM release_labels WHERE release_id = ${releaseId} ORDER BY position`
    const genres = yield* sql<{ name: string }>`SELECT g.name FROM release_genres rg
      JOIN genres g ON g.genre_id = rg.genre_id WHERE rg.release_id = ${releaseId} ORDER BY rg.rowid`
    const styles = yield* sql<{ name: string }>`SELECT s.name FROM release_styles rs
      JOIN styles s ON s.style_id = rs.style_id WHERE rs.release_id = ${releaseId} ORDER BY rs.rowid`
    const tracks = yield* sql<TrackRow>`SELECT release_id, sequence, position, position_key, title,
      duration_seconds, heading, index_title FROM tracks WHERE release_id = ${releaseId} ORDER BY sequence`
    const track_artists = yield* sql<TrackArtistRow>`SELECT t.sequence, ta.position, ta.artist_id, ta.anv,
      ta.join_phrase, ta.role FROM track_artists ta JOIN tracks t ON t.track_id = ta.track_id
      WHERE t.release_id = ${releaseId} ORDER BY t.sequence, ta.position`
    const images = yield* sql<ImageRow>`SELECT release_id, position, type, uri, width, height
      FROM images WHERE release_id = ${releaseId} ORDER BY position`
    const videos = yield* sql<VideoRow>`SELECT release_id, position, uri, title, description,
      duration_seconds FROM videos WHERE release_id = ${releaseId} ORDER BY position`

    const artistIds = [...release_artists, ...track_artists].map((a) => a.artist_id)
    const labelIds = release_labels.map((l) => l.label_id)
    const artists = yield* sql<ArtistRow>`SELECT artist_id, name FROM artists
      WHERE artist_id IN (SELECT value FROM json_each(${JSON.stringify(artistIds)}))`
    const labels = yield* sql<LabelRow>`SELECT label_id, name FROM labels
      WHERE label_id IN (SELECT value FROM json_each(${JSON.stringify(labelIds)}))`

    return Option.some<NormalizedRelease>({
      release,
      artists: firstAppearance(artists, (a) => a.artist_id, artistIds),
      release_artists,
      labels: firstAppearance(labels, (l) => l.label_id, labelIds),
      release_labels,
      genres: genres.map((g) => g.name),
      styles: styles.map((s) => s.name),
      tracks,
      track_artists,
      images,
      videos
    })
  })
