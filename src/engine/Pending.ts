import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import type { Fragment } from "@effect/sql/Statement"
import { Effect, Either, Schema } from "effect"
import * as Checkpoints from "./CheckpointStore.ts"
import { type Condition, fragment, tableOf } from "./ItemSpace.ts"
import type { Selection, Step } from "./Step.ts"

/** Which items a run covers: the pipeline's narrowing (`items`) and the user's selection. */
export interface Scope {
  readonly items?: Condition | undefined
  readonly selection: Selection
}

const keyText = (step: Step<any, any>) => `CAST(${tableOf(step).column} AS TEXT)`

const checkpointDone = (sql: SqlClient.SqlClient, step: Step<any, any>): Fragment =>
  sql`EXISTS (SELECT 1 FROM checkpoints c WHERE c.step = ${step.name} AND c.item = ${sql.literal(keyText(step))} AND c.status = 'done')`

/** The step's work on the item is done (its own condition, or a done checkpoint). */
const done = (sql: SqlClient.SqlClient, step: Step<any, any>, selection: Selection): Fragment =>
  step.done === undefined ? checkpointDone(sql, step) : fragment(sql, step.done, selection)

/** The item was done by an older version of the step: its logic changed since. */
const outdated = (sql: SqlClient.SqlClient, step: Step<any, any>): Fragment =>
  sql`EXISTS (SELECT 1 FROM checkpoints c WHERE c.step = ${step.name} AND c.item = ${sql.literal(keyText(step))}
    AND c.status = 'done' AND c.step_version < ${step.version})`

/** Done, and by the step's current version. */
const current = (sql: SqlClient.SqlClient, step: Step<any, any>, selection: Selection): Fragment =>
  sql`(${done(sql, step, selection)} AND NOT ${outdated(sql, step)})`

/** The rows of the step's space that the scope covers. */
const inScope = (sql: SqlClient.SqlClient, step: Step<any, any>, scope: Scope): Fragment => {
  const parts: Array<Fragment> = [sql.literal(`(${tableOf(step).where})`)]
  if (scope.items !== undefined) parts.push(fragment(sql, scope.items, scope.selection))
  if (scope.selection.items.length > 0) {
    const selectedBy = tableOf(step).selectedBy
    parts.push(sql`${sql.literal(selectedBy === undefined ? keyText(step) : `CAST(${selectedBy} AS TEXT)`)} IN (SELECT value FROM json_each(${JSON.stringify(scope.selection.items)}))`)
  }
  return sql.and(parts)
}

/** Dependencies on steps of the same item space are per item; others (a listing) only order the run. */
const itemDependencies = (step: Step<any, any>, steps: ReadonlyMap<string, Step<any, any>>) =>
  step.dependsOn.flatMap((name) => {
    const dependency = steps.get(name)
    return dependency !== undefined && dependency.items === step.items ? [dependency] : []
  })

/** Every dependency has done the item, with its current version. */
const ready = (sql: SqlClient.SqlClient, step: Step<any, any>, steps: ReadonlyMap<string, Step<any, any>>, selection: Selection): Fragment => {
  const dependencies = itemDependencies(step, steps)
  return dependencies.length === 0 ? sql.literal("1") : sql.and(dependencies.map((dependency) => current(sql, dependency, selection)))
}

/** The step's fingerprint of an item's inputs; null when it keeps none, or the key does not decode. */
export const inputsOf = <R>(step: Step<any, R>, item: string): Effect.Effect<string | null, SqlError, R> =>
  step.inputs === undefined
    ? Effect.succeed(null)
    : Either.match(Schema.decodeEither(step.items.key)(item), { onLeft: () => Effect.succeed(null), onRight: step.inputs })

/** Permanent failures a run skips: those whose inputs did not change since they failed (a rematched video is a change). */
export const standingFailures = <R>(step: Step<any, R>): Effect.Effect<ReadonlySet<string>, SqlError, R | SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const standing = new Set<string>()
    for (const [item, inputs] of yield* Checkpoints.permanentlyFailed({ step: step.name })) {
      if (inputs === null || (yield* inputsOf(step, item)) === inputs) standing.add(item)
    }
    return standing
  })

export interface PendingItem {
  /** The item's key as checkpoints write it. */
  readonly item: string
  /** Done before by an older version of the step: what depends on it is done again too. */
  readonly outdated: boolean
}

/**
 * What the step would take now, in its space's order: in scope, ready, and not done by the
 * step's current version (everything in scope and ready with `--refresh`). A source step
 * lists its own.
 */
export const pending = (step: Step<any, any>, steps: ReadonlyMap<string, Step<any, any>>, scope: Scope) =>
  Effect.gen(function*() {
    if (step.pending !== undefined) {
      const encode = Schema.encodeSync(step.items.key)
      const listed = yield* (step.pending(scope.selection) as Effect.Effect<ReadonlyArray<unknown>, SqlError, SqlClient.SqlClient>)
      return listed.map((item): PendingItem => ({ item: encode(item), outdated: false }))
    }
    const sql = yield* SqlClient.SqlClient
    const todo = scope.selection.refresh ? sql.literal("1") : sql`NOT ${current(sql, step, scope.selection)}`
    const rows = yield* sql<{ item: string | number; outdated: number }>`SELECT ${sql.literal(tableOf(step).column)} AS item,
        ${outdated(sql, step)} AS outdated
      FROM ${sql.literal(tableOf(step).from)}
      WHERE ${inScope(sql, step, scope)} AND ${ready(sql, step, steps, scope.selection)} AND ${todo}
      ORDER BY ${sql.literal(tableOf(step).orderBy)}`
    return rows.map((row): PendingItem => ({ item: String(row.item), outdated: row.outdated === 1 }))
  })

export interface StepCounts {
  /** Items in scope. */
  readonly total: number
  /** Done by the step's current version. */
  readonly done: number
  /** Not done, waiting for a step they depend on. */
  readonly waiting: number
  /** Not done and ready, but among the `skipping` items (the permanent failures a run skips). */
  readonly skipped: number
}

/** How far a step is over its scope, in one query; null for a source step (it keeps no per-item state to count). */
export const counts = (
  step: Step<any, any>,
  steps: ReadonlyMap<string, Step<any, any>>,
  scope: Scope,
  skipping: ReadonlySet<string> = new Set()
): Effect.Effect<StepCounts | null, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    if (step.pending !== undefined) return null
    const sql = yield* SqlClient.SqlClient
    const isCurrent = current(sql, step, scope.selection)
    const isReady = ready(sql, step, steps, scope.selection)
    const skipped = skipping.size === 0
      ? sql.literal("0")
      : sql`coalesce(sum(NOT ${isCurrent} AND ${isReady} AND ${sql.literal(keyText(step))} IN (SELECT value FROM json_each(${JSON.stringify([...skipping])}))), 0)`
    const [row] = yield* sql<StepCounts>`SELECT count(*) AS total,
        coalesce(sum(${isCurrent}), 0) AS done,
        coalesce(sum(NOT ${isCurrent} AND NOT ${isReady}), 0) AS waiting,
        ${skipped} AS skipped
      FROM ${sql.literal(tableOf(step).from)} WHERE ${inScope(sql, step, scope)}`
    return row ?? { total: 0, done: 0, waiting: 0, skipped: 0 }
  })

/** The items of the step's space in scope that the step has not done (`crate query missing STEP`). */
export const missing = (step: Step<any, any>, scope: Scope) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ item: string | number }>`SELECT ${sql.literal(tableOf(step).column)} AS item
      FROM ${sql.literal(tableOf(step).from)}
      WHERE ${inScope(sql, step, scope)} AND NOT ${current(sql, step, scope.selection)}
      ORDER BY ${sql.literal(tableOf(step).orderBy)}`
    return rows.map((row) => String(row.item))
  })

export interface Candidate {
  readonly item: string
  /** The item's dependencies (of the same space) that have not done it yet. */
  readonly waitingFor: ReadonlyArray<string>
}

/**
 * Everything in scope the step has still to do, ready or not, with what each item waits for:
 * what `crate plan` announces. A source step's own list counts as ready.
 */
export const candidates = (step: Step<any, any>, steps: ReadonlyMap<string, Step<any, any>>, scope: Scope) =>
  Effect.gen(function*() {
    if (step.pending !== undefined) {
      return (yield* pending(step, steps, scope)).map(({ item }): Candidate => ({ item, waitingFor: [] }))
    }
    const sql = yield* SqlClient.SqlClient
    const dependencies = itemDependencies(step, steps)
    const todo = scope.selection.refresh ? sql.literal("1") : sql`NOT ${current(sql, step, scope.selection)}`
    const flags = dependencies.map((dependency, i) => sql`${current(sql, dependency, scope.selection)} AS ${sql.literal(`dep${i}`)}`)
    const rows = yield* sql<Record<string, string | number>>`SELECT ${sql.literal(tableOf(step).column)} AS item
        ${flags.length === 0 ? sql.literal("") : sql`, ${sql.csv(flags)}`}
      FROM ${sql.literal(tableOf(step).from)}
      WHERE ${inScope(sql, step, scope)} AND ${todo}
      ORDER BY ${sql.literal(tableOf(step).orderBy)}`
    return rows.map((row): Candidate => ({
      item: String(row["item"]),
      waitingFor: dependencies.filter((_, i) => row[`dep${i}`] !== 1).map((dependency) => dependency.name)
    }))
  })
