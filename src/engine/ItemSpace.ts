import type { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import type { Schema } from "effect"
import type { Selection } from "./Step.ts"

/**
 * A SQL condition on one row of an item space (its alias, e.g. `r` for releases), built with
 * the run's client so that values are bound, never spliced in. A plain string is taken as is.
 */
export type Condition = string | ((sql: SqlClient.SqlClient, selection: Selection) => Fragment)

/** Where the items of a space live in the database, for the steps whose pending items the engine works out. */
export interface ItemTable {
  /** `FROM` clause with the alias conditions use, e.g. "releases r". */
  readonly from: string
  /** The key column, e.g. "r.release_id". */
  readonly column: string
  /** Which rows are items at all, e.g. "r.discogs_synced_at IS NOT NULL". */
  readonly where: string
  /** The order items are taken in. */
  readonly orderBy: string
  /**
   * What the user's chosen items (`--release-id`) are matched against, when it is not the key:
   * "t.release_id" for the tracks of the chosen releases.
   */
  readonly selectedBy?: string | undefined
}

/**
 * What the items of a step are: how a key is written in checkpoints (decoded by `key`, so
 * that steps get typed items, never `Number(item)`), and the table they live in. A space
 * without a table (a Discogs user's collection) serves source steps only.
 */
export interface ItemSpace<I> {
  /** One item, as people say it: "release". */
  readonly name: string
  readonly key: Schema.Schema<I, string>
  readonly label: (item: I) => string
  readonly table?: ItemTable | undefined
}

export const fragment = (sql: SqlClient.SqlClient, condition: Condition, selection: Selection): Fragment =>
  typeof condition === "string" ? sql.literal(`(${condition})`) : condition(sql, selection)

/** The table of a step's items; a step whose space has none must list its own pending items. */
export const tableOf = (step: { readonly name: string; readonly items: ItemSpace<any> }): ItemTable => {
  if (step.items.table === undefined) {
    throw new Error(`step "${step.name}": its ${step.items.name} items have no table, so it must list its pending items itself`)
  }
  return step.items.table
}
