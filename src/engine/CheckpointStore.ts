import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import { nowIso } from "./clock.ts"
import type { StepError } from "./StepError.ts"

export type CheckpointStatus = "pending" | "running" | "done" | "failed"

export interface Checkpoint {
  readonly step: string
  readonly item: string
  readonly status: CheckpointStatus
  readonly attempts: number
  readonly error_kind: string | null
  readonly error_reason: string | null
  readonly error_message: string | null
  readonly step_version: number
}

/** Checkpoints are keyed by step and item: work one pipeline did is done for every pipeline with that step. */
export interface StepRef {
  readonly step: string
  readonly version: number
}

/**
 * A run that did not finish its `--refresh` is continued by the same command: its start, when
 * the last runs of `command` since one that completed all stopped early. What was done since
 * then is not done again.
 */
export const unfinishedSince = (command: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [row] = yield* sql<{ started_at: string }>`SELECT started_at FROM runs WHERE command = ${command}
        AND status <> 'completed'
        AND run_id > coalesce((SELECT max(run_id) FROM runs WHERE command = ${command} AND status = 'completed'), 0)
      ORDER BY run_id LIMIT 1`
    return row?.started_at
  })

/** Items of the step done since `since`. */
export const doneSince = (step: string, since: string) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(
      sql<{ item: string }>`SELECT item FROM checkpoints WHERE step = ${step} AND status = 'done' AND finished_at >= ${since}`,
      (rows) => new Set(rows.map((row) => row.item))
    ))

/** Runs a killed process left `running` are recorded as what they were: interrupted. Call only while holding the run lock. */
export const closeDeadRuns = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  sql`UPDATE runs SET status = 'interrupted', error = coalesce(error, 'stopped without finishing (killed, or the machine stopped)')
    WHERE status = 'running'`.pipe(Effect.asVoid))

/** Items a dead run left `running` go back to `pending`. Call only while holding the run lock. */
export const recoverInterrupted = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const at = yield* nowIso
  const rows = yield* sql<{ n: number }>`SELECT count(*) AS n FROM checkpoints WHERE status = 'running'`
  yield* sql`UPDATE checkpoints SET status = 'pending', updated_at = ${at} WHERE status = 'running'`
  return rows[0]?.n ?? 0
})

/** Marks an item `running` for this run and counts the attempt; `inputs` is the step's fingerprint of it, if any. */
export const claim = (ref: StepRef, item: string, runId: number, inputs: string | null = null) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const at = yield* nowIso
    yield* sql`INSERT INTO checkpoints (step, item, status, attempts, step_version, run_id, started_at, updated_at, input_hash)
      VALUES (${ref.step}, ${item}, 'running', 1, ${ref.version}, ${runId}, ${at}, ${at}, ${inputs})
      ON CONFLICT (step, item) DO UPDATE SET
        status = 'running', attempts = attempts + 1, step_version = excluded.step_version,
        run_id = excluded.run_id, started_at = excluded.started_at, updated_at = excluded.updated_at,
        input_hash = excluded.input_hash`
  })

export const countAttempt = (ref: StepRef, item: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const at = yield* nowIso
    yield* sql`UPDATE checkpoints SET attempts = attempts + 1, updated_at = ${at}
      WHERE step = ${ref.step} AND item = ${item}`
  })

/** Run inside the item's commit transaction. */
export const markDone = (ref: StepRef, item: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const at = yield* nowIso
    yield* sql`UPDATE checkpoints SET status = 'done', error_kind = NULL, error_reason = NULL, error_message = NULL,
        step_version = ${ref.version}, updated_at = ${at}, finished_at = ${at}
      WHERE step = ${ref.step} AND item = ${item}`
  })

export const markFailed = (ref: StepRef, item: string, error: StepError) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const at = yield* nowIso
    yield* sql`UPDATE checkpoints SET status = 'failed', error_kind = ${error.kind}, error_reason = ${error.reason},
        error_message = ${error.message}, updated_at = ${at}, finished_at = ${at}
      WHERE step = ${ref.step} AND item = ${item}`
  })

/** Back to `pending`, keeping why (a deferred or fatal error), or clearing it (an interruption). */
export const markPending = (ref: StepRef, item: string, error?: StepError) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const at = yield* nowIso
    yield* sql`UPDATE checkpoints SET status = 'pending', error_kind = ${error?.kind ?? null},
        error_reason = ${error?.reason ?? null}, error_message = ${error?.message ?? null}, updated_at = ${at}
      WHERE step = ${ref.step} AND item = ${item}`
  })

/** Items that failed permanently, with the input fingerprint they failed with. */
export const permanentlyFailed = (ref: Omit<StepRef, "version">): Effect.Effect<ReadonlyMap<string, string | null>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ item: string; input_hash: string | null }>`SELECT item, input_hash FROM checkpoints
      WHERE step = ${ref.step} AND status = 'failed' AND error_kind = 'permanent'`
    return new Map(rows.map((row) => [row.item, row.input_hash]))
  })

/** Forgets the step's checkpoints of these items (all of them when `items` is undefined); returns how many. */
export const forget = (step: string, items: ReadonlyArray<string> | undefined) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = items === undefined
      ? yield* sql<{ item: string }>`DELETE FROM checkpoints WHERE step = ${step} RETURNING item`
      : yield* sql<{ item: string }>`DELETE FROM checkpoints WHERE step = ${step}
          AND item IN (SELECT value FROM json_each(${JSON.stringify(items)})) RETURNING item`
    return rows.length
  })

export const forItem = (ref: Omit<StepRef, "version">, item: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<Checkpoint>`SELECT step, item, status, attempts, error_kind, error_reason,
        error_message, step_version
      FROM checkpoints WHERE step = ${ref.step} AND item = ${item}`
    return rows[0]
  })
