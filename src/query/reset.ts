import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import { type AssetStep, flagColumns } from "./search.ts"

export interface ResetRequest {
  readonly step: AssetStep
  /** Only these releases; empty: every release. */
  readonly releaseIds: ReadonlyArray<number>
  /** Only releases whose last attempt at the step failed. */
  readonly failedOnly: boolean
}

export interface ResetResult {
  readonly step: AssetStep
  /** The releases the next run of the step will do again. */
  readonly releases: ReadonlyArray<number>
  /** Asked-for ids that are not in the database. */
  readonly unknown: ReadonlyArray<number>
  /** Checkpoints forgotten (attempts and errors). */
  readonly checkpoints: number
  /** audio: track files forgotten, so that they are downloaded again. */
  readonly audioFiles: number
  /** youtube: tracks whose video was chosen by hand; a reset keeps those. */
  readonly overrides: number
}

/**
 * The seed's "selective re-downloads" without SQL, in one transaction: the step's flag back
 * to 0 and its checkpoints forgotten for the chosen releases, so that the next run does
 * exactly that work again. `failedOnly` forgets only failures (work done stays done).
 * Resetting audio also forgets the tracks' file records (the audio step keeps a file that
 * is on record, so without that nothing would be downloaded again); resetting youtube sets
 * `audio_downloaded` back to 0 as well, so that audio follows a changed match (tracks whose
 * video did not change keep their file). Discogs data is never touched.
 */
export const resetStep = (request: ResetRequest): Effect.Effect<ResetResult, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const only = request.releaseIds.length > 0 ? 1 : 0
    const asked = JSON.stringify(request.releaseIds)
    const known = yield* sql<{ release_id: number }>`SELECT release_id FROM releases
      WHERE ${only} = 0 OR release_id IN (SELECT value FROM json_each(${asked})) ORDER BY release_id`
    const knownIds = new Set(known.map((row) => row.release_id))
    const unknown = request.releaseIds.filter((id) => !knownIds.has(id))

    const failed = request.failedOnly
      ? new Set((yield* sql<{ item: string }>`SELECT item FROM checkpoints
          WHERE pipeline = 'assets' AND step = ${request.step} AND status = 'failed'`).map((row) => Number(row.item)))
      : undefined
    const releases = [...knownIds].filter((id) => failed === undefined || failed.has(id))
    const targets = JSON.stringify(releases)
    const items = JSON.stringify(releases.map(String))
    const tracks = sql`SELECT track_id FROM tracks WHERE release_id IN (SELECT value FROM json_each(${targets}))`

    yield* sql`UPDATE releases SET ${sql(flagColumns[request.step])} = 0 WHERE release_id IN (SELECT value FROM json_each(${targets}))`
    const forgotten = yield* sql<{ item: string }>`DELETE FROM checkpoints WHERE pipeline = 'assets' AND step = ${request.step}
      AND item IN (SELECT value FROM json_each(${items})) RETURNING item`
    let audioFiles = 0
    let overrides = 0
    if (request.step === "audio" && !request.failedOnly) {
      audioFiles = (yield* sql<{ track_id: number }>`DELETE FROM audio_files WHERE track_id IN (${tracks}) RETURNING track_id`).length
    }
    if (request.step === "youtube") {
      yield* sql`UPDATE releases SET audio_downloaded = 0 WHERE release_id IN (SELECT value FROM json_each(${targets}))`
      const [kept] = yield* sql<{ n: number }>`SELECT count(*) AS n FROM youtube_matches WHERE is_override = 1 AND track_id IN (${tracks})`
      overrides = kept?.n ?? 0
    }
    return { step: request.step, releases, unknown, checkpoints: forgotten.length, audioFiles, overrides }
  }).pipe((reset) => Effect.flatMap(SqlClient.SqlClient, (sql) => sql.withTransaction(reset)))
