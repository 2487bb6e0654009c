import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import * as Checkpoints from "../engine/CheckpointStore.ts"
import { type Invalidated, invalidate } from "../engine/Invalidate.ts"
import { tableOf } from "../engine/ItemSpace.ts"
import type { Step } from "../engine/Step.ts"
import { applyStepMigrations } from "../engine/StepMigrations.ts"

export interface ResetRequest {
  readonly step: Step<any, any>
  /** Every step known: what is downstream of `step` is reset too. */
  readonly steps: ReadonlyMap<string, Step<any, any>>
  /** Only these releases; empty: every release. */
  readonly releaseIds: ReadonlyArray<number>
  /** Only releases whose last attempt at the step failed. */
  readonly failedOnly: boolean
}

export interface ResetResult {
  readonly step: string
  /** The releases the next run of the step will do again (all or some of their items). */
  readonly releases: ReadonlyArray<number>
  /** The step's items reset: the releases' ids, or their tracks' for a step over tracks. */
  readonly items: ReadonlyArray<string>
  /** Asked-for ids that are not in the database. */
  readonly unknown: ReadonlyArray<number>
  /** Checkpoints forgotten, the step's own first, then the steps downstream of it. */
  readonly steps: ReadonlyArray<Invalidated>
}

/** The step's items of these releases: the releases themselves, or, for a space with `selectedBy` (tracks), their items. */
const itemsOfReleases = (step: Step<any, any>, releaseIds: ReadonlyArray<number>) =>
  Effect.gen(function*() {
    const table = tableOf(step)
    if (table.selectedBy === undefined) return releaseIds.map((release) => ({ item: String(release), release }))
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ item: string | number; release: number }>`SELECT ${sql.literal(table.column)} AS item,
        ${sql.literal(table.selectedBy)} AS release FROM ${sql.literal(table.from)}
      WHERE ${sql.literal(`(${table.where})`)} AND ${sql.literal(table.selectedBy)} IN (SELECT value FROM json_each(${JSON.stringify(releaseIds)}))
      ORDER BY ${sql.literal(table.orderBy)}`
    return rows.map((row) => ({ item: String(row.item), release: row.release }))
  })

/**
 * The seed's "selective re-downloads" without SQL, in one transaction: the step's work on the
 * chosen releases is forgotten (its checkpoints, and its flag and rows through the step's own
 * `reset`), and so is the work of every step downstream of it (a new match means new audio).
 * `failedOnly` forgets only failures (work done stays done). Discogs data is never touched.
 */
export const resetStep = (request: ResetRequest): Effect.Effect<ResetResult, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* applyStepMigrations(request.steps.values())
    if (request.step.items.table === undefined) {
      // A listing (the collection): only its failures can be forgotten.
      const failedItems = (yield* sql<{ item: string }>`SELECT item FROM checkpoints WHERE step = ${request.step.name} AND status = 'failed'`)
        .map((row) => row.item)
      const checkpoints = failedItems.length === 0 ? 0 : yield* Checkpoints.forget(request.step.name, failedItems)
      return { step: request.step.name, releases: [], items: failedItems, unknown: [], steps: checkpoints === 0 ? [] : [{ step: request.step.name, checkpoints }] }
    }
    const only = request.releaseIds.length > 0 ? 1 : 0
    const known = yield* sql<{ release_id: number }>`SELECT release_id FROM releases
      WHERE ${only} = 0 OR release_id IN (SELECT value FROM json_each(${JSON.stringify(request.releaseIds)})) ORDER BY release_id`
    const knownIds = new Set(known.map((row) => row.release_id))
    const unknown = request.releaseIds.filter((id) => !knownIds.has(id))

    const failed = request.failedOnly
      ? new Set((yield* sql<{ item: string }>`SELECT item FROM checkpoints WHERE step = ${request.step.name} AND status = 'failed'`)
        .map((row) => row.item))
      : undefined
    const owned = (yield* itemsOfReleases(request.step, [...knownIds])).filter(({ item }) => failed === undefined || failed.has(item))
    const items = owned.map(({ item }) => item)
    const releases = [...new Set(owned.map(({ release }) => release))]
    if (items.length === 0) return { step: request.step.name, releases, items, unknown, steps: [] }
    // Forgetting failures keeps the work done: only the failed checkpoints go.
    const steps = request.failedOnly
      ? [{ step: request.step.name, checkpoints: yield* Checkpoints.forget(request.step.name, items) }]
      : yield* invalidate(request.steps, request.step.name, items)
    return { step: request.step.name, releases, items, unknown, steps }
  }).pipe((reset) => Effect.flatMap(SqlClient.SqlClient, (sql) => sql.withTransaction(reset)))
