import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect, Option, Schema } from "effect"

// What the runner stores in runs.summary; read leniently (older rows may lack fields).
const StoredSteps = Schema.Struct({
  steps: Schema.Array(Schema.Struct({
    step: Schema.String,
    done: Schema.Number,
    failed: Schema.Number,
    skipped: Schema.optionalWith(Schema.Number, { default: () => 0 }),
    remaining: Schema.optionalWith(Schema.Number, { default: () => 0 })
  }))
})

export interface LoggedRun {
  readonly runId: number
  readonly pipeline: string
  readonly command: string
  readonly status: string
  readonly startedAt: string
  readonly durationMs: number | null
  readonly error: string | null
  readonly steps: ReadonlyArray<{ readonly step: string; readonly done: number; readonly failed: number; readonly skipped: number; readonly remaining: number }>
}

/** The most recent runs, newest first, with what each step did. */
export const recentRuns = (limit: number): Effect.Effect<ReadonlyArray<LoggedRun>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ run_id: number; pipeline: string; command: string; status: string; started_at: string; finished_at: string | null; error: string | null; summary: string | null }>`
      SELECT run_id, pipeline, command, status, started_at, finished_at, error, summary FROM runs ORDER BY run_id DESC LIMIT ${limit}`
    return rows.map((row): LoggedRun => ({
      runId: row.run_id,
      pipeline: row.pipeline,
      command: row.command,
      status: row.status,
      startedAt: row.started_at,
      durationMs: row.finished_at === null ? null : Date.parse(row.finished_at) - Date.parse(row.started_at),
      error: row.error,
      steps: Option.match(Schema.decodeUnknownOption(Schema.parseJson(StoredSteps))(row.summary ?? ""), {
        onNone: () => [],
        onSome: (summary) => summary.steps
      })
    }))
  })
