import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import { nowIso } from "./clock.ts"
import type { Step } from "./Step.ts"
import { inTransaction } from "./transaction.ts"

/**
 * Applies the migrations the steps bring for their own tables, each once, in name order, each
 * in one transaction with its record in `step_migrations`: a step's tables appear the first
 * time a run (or a reset) meets the step, and an interrupted migration is applied again whole.
 */
export const applyStepMigrations = (steps: Iterable<Step<any, any>>): Effect.Effect<number, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const applied = new Set((yield* sql<{ step: string; name: string }>`SELECT step, name FROM step_migrations`)
      .map((row) => `${row.step}/${row.name}`))
    let count = 0
    for (const step of steps) {
      for (const name of Object.keys(step.migrations ?? {}).sort()) {
        if (applied.has(`${step.name}/${name}`)) continue
        yield* inTransaction(sql, Effect.zipRight(
          step.migrations![name]!,
          Effect.flatMap(nowIso, (at) => sql`INSERT INTO step_migrations (step, name, applied_at) VALUES (${step.name}, ${name}, ${at})`)
        ))
        count++
      }
    }
    return count
  })
