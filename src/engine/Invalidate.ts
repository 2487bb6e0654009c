import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect, Schema } from "effect"
import * as Checkpoints from "./CheckpointStore.ts"
import { tableOf } from "./ItemSpace.ts"
import { downstreamOf } from "./Pipeline.ts"
import type { Step } from "./Step.ts"

export interface Invalidated {
  readonly step: string
  /** Checkpoints forgotten. */
  readonly checkpoints: number
}

const allItems = (step: Step<any, any>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(
      sql<{ item: string | number }>`SELECT ${sql.literal(tableOf(step).column)} AS item FROM ${sql.literal(tableOf(step).from)}
        WHERE ${sql.literal(tableOf(step).where)}`,
      (rows) => rows.map((row) => String(row.item))
    ))

const sameSpaceDownstream = (steps: ReadonlyMap<string, Step<any, any>>, step: Step<any, any>) =>
  downstreamOf(steps, step.name).filter((other) => other.items === step.items)

const forgetWork = (targets: ReadonlyArray<Step<any, any>>, keys: ReadonlyArray<string>, all: boolean) =>
  Effect.forEach(targets, (target) =>
    Effect.gen(function*() {
      const checkpoints = yield* Checkpoints.forget(target.name, all ? undefined : keys)
      if (target.reset) yield* target.reset(keys.map((key) => Schema.decodeSync(target.items.key)(key)))
      return { step: target.name, checkpoints }
    }))

/**
 * Forgets a step's work on some items (all when `items` is undefined) and the work of every
 * step downstream of it on the same items: their checkpoints and, through each step's `reset`,
 * their flags and rows. The next run then does exactly that work again. Call it inside the
 * transaction that owns the change.
 */
export const invalidate = (
  steps: ReadonlyMap<string, Step<any, any>>,
  name: string,
  items: ReadonlyArray<string> | undefined
): Effect.Effect<ReadonlyArray<Invalidated>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const step = steps.get(name)
    if (step === undefined) return []
    return yield* forgetWork([step, ...sameSpaceDownstream(steps, step)], items ?? (yield* allItems(step)), items === undefined)
  })

/** What read an item's work that is being done again (a new version of the step): forgotten downstream only. */
export const invalidateDownstream = (steps: ReadonlyMap<string, Step<any, any>>, name: string, item: string) =>
  Effect.gen(function*() {
    const step = steps.get(name)
    if (step !== undefined) yield* forgetWork(sameSpaceDownstream(steps, step), [item], false)
  })
