import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import type { Selection } from "../engine/Step.ts"

/**
 * Synced releases whose covers are to be downloaded, in collection order (oldest addition
 * first, as phase 1 syncs them). A release is pending while `covers_downloaded = 0`, and also
 * when a re-sync changed the `uri` of an image it had downloaded, or added one next to them.
 * `--release-id` narrows the set; `--refresh` ignores the flag.
 */
export const releasesNeedingCovers = (selection: Selection): Effect.Effect<ReadonlyArray<string>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const only = selection.items.length > 0 ? 1 : 0
    const ids = JSON.stringify(selection.items.map(Number))
    const rows = yield* sql<{ release_id: number }>`SELECT r.release_id FROM releases r
      LEFT JOIN collection_items c ON c.release_id = r.release_id
      WHERE r.discogs_synced_at IS NOT NULL
        AND (${only} = 0 OR r.release_id IN (SELECT value FROM json_each(${ids})))
        AND (${selection.refresh ? 1 : 0} = 1 OR r.covers_downloaded = 0 OR r.release_id IN (
          SELECT release_id FROM images GROUP BY release_id
          HAVING count(downloaded_uri) > 0 AND sum(downloaded_uri IS NOT uri) > 0))
      GROUP BY r.release_id
      ORDER BY min(c.date_added) IS NULL, min(c.date_added), r.release_id`
    return rows.map((row) => String(row.release_id))
  })

export interface ListedImage {
  readonly position: number
  readonly type: string
  readonly uri: string
}

/** The images Discogs lists for a release, in Discogs order. */
export const listedImages = (releaseId: number): Effect.Effect<ReadonlyArray<ListedImage>, SqlError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql<ListedImage>`SELECT position, type, uri FROM images WHERE release_id = ${releaseId} ORDER BY position`)

export interface CoverFile {
  readonly position: number
  /** Relative to the library. */
  readonly file_path: string
  readonly bytes: number
  readonly sha256: string
  readonly downloaded_at: string
  readonly downloaded_uri: string
}

/** The item's commit: each image's file, then the flag the step's `pending` reads. */
export const recordCovers = (releaseId: number, files: ReadonlyArray<CoverFile>): Effect.Effect<void, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    for (const file of files) {
      yield* sql`UPDATE images SET file_path = ${file.file_path}, bytes = ${file.bytes}, sha256 = ${file.sha256},
          downloaded_at = ${file.downloaded_at}, downloaded_uri = ${file.downloaded_uri}
        WHERE release_id = ${releaseId} AND position = ${file.position}`
    }
    yield* sql`UPDATE releases SET covers_downloaded = 1 WHERE release_id = ${releaseId}`
  })
