import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"

/**
 * A release's covers are done when `covers_downloaded = 1` and no re-sync changed the `uri`
 * of an image it downloaded, or added one next to them.
 */
export const coversDone = `r.covers_downloaded = 1 AND r.release_id NOT IN (
  SELECT release_id FROM images GROUP BY release_id HAVING count(downloaded_uri) > 0 AND sum(downloaded_uri IS NOT uri) > 0)`

/** The next run downloads these releases' covers again (`crate reset covers`; the files are replaced then). */
export const forgetCovers = (releaseIds: ReadonlyArray<number>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`UPDATE releases SET covers_downloaded = 0 WHERE release_id IN (SELECT value FROM json_each(${JSON.stringify(releaseIds)}))`)

/** The images these releases list: what downloading their covers costs against the Discogs limits. */
export const imageCount = (releaseIds: ReadonlyArray<number>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT count(*) AS n FROM images WHERE release_id IN (SELECT value FROM json_each(${JSON.stringify(releaseIds)}))`,
      ([row]) => row?.n ?? 0
    ))

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
