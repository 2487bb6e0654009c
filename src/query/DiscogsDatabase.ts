import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect, type Option } from "effect"
import { releases as selectReleases, type ReleaseFilter } from "../library/selectReleases.ts"
import { type CollectionEntry, readCollection } from "./collection.ts"
import { type ReleaseDetails, releaseDetails } from "./release.ts"

/**
 * A typed read API over the collection database, for user steps and scripts; the SQL stays
 * open (`SqlClient` from "@effect/sql") for anything else. Discogs data is the source of truth:
 * read it, never write it.
 */

/** Everything crate knows about one release: Discogs data, tracks with their match, audio and analysis, covers, checkpoints. */
export const release = (releaseId: number): Effect.Effect<Option.Option<ReleaseDetails>, SqlError, SqlClient.SqlClient> =>
  releaseDetails(releaseId)

/** Every release still in the collection with its labels, genres, styles, formats, folders, first cover and phase-2 counts (what `crate serve`'s grid shows). */
export const collection: Effect.Effect<ReadonlyArray<CollectionEntry>, SqlError, SqlClient.SqlClient> = readCollection

export type { CollectionEntry }

/** The ids of the synced releases a filter selects (the same filter as a pipeline's `items`), in collection order. */
export const releaseIds = (filter: ReleaseFilter = {}): Effect.Effect<ReadonlyArray<number>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const condition = selectReleases(filter).condition
    const rows = yield* sql<{ release_id: number }>`SELECT r.release_id FROM releases r
      WHERE r.discogs_synced_at IS NOT NULL AND ${typeof condition === "string" ? sql.literal(condition) : condition(sql, { items: [], refresh: false, flags: new Set() })}
      ORDER BY (SELECT min(c.date_added) FROM collection_items c WHERE c.release_id = r.release_id), r.release_id`
    return rows.map((row) => row.release_id)
  })

export interface AudioFile {
  readonly track_id: number
  readonly position: string
  readonly title: string
  /** Relative to the library (`CrateConfig`'s `library`). */
  readonly path: string
  readonly duration_seconds: number
  readonly sha256: string
}

/** The downloaded audio of a release's tracks, in tracklist order. */
export const audioFiles = (releaseId: number): Effect.Effect<ReadonlyArray<AudioFile>, SqlError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql<AudioFile>`SELECT t.track_id, t.position, t.title, f.path, f.duration_seconds, f.sha256
      FROM tracks t JOIN audio_files f USING (track_id) WHERE t.release_id = ${releaseId} ORDER BY t.sequence`)
