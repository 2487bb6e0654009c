import type { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import type { Effect } from "effect"
import type { Condition, ItemSpace } from "./ItemSpace.ts"
import type { Retry } from "./Retry.ts"
import type { StepError } from "./StepError.ts"

/** The database writes of one finished item. The runner runs them in one transaction together with the checkpoint. */
export type Commit = Effect.Effect<void, SqlError, SqlClient.SqlClient>

/** What the user asked this run to cover. */
export interface Selection {
  /** Only these items, as their keys are written (`--release-id`), or as their table's `selectedBy` is; empty means all. */
  readonly items: ReadonlyArray<string>
  /** Redo items that are already done (`--refresh`). */
  readonly refresh: boolean
  /** Step-specific switches from the command line, e.g. "rematch-failed". */
  readonly flags: ReadonlySet<string>
}

export const everything: Selection = { items: [], refresh: false, flags: new Set() }

export interface StepContext {
  /** What the user asked this run to cover. */
  readonly selection: Selection
  /** Tells the steps that depend on this one that new items may be pending now (before this item finishes). */
  readonly progressed: Effect.Effect<void>
  /** Tells the user something about the whole step (a pause, say), as a `StepNotice` event. */
  readonly notice: (message: string) => Effect.Effect<void>
}

/** How long a step would take, and what the figure rests on ("40 Discogs requests at 60/min"). */
export interface Estimate {
  readonly ms: number
  readonly basis: string
}

/** A step's own tables: migrations applied once each, in name order, before any run or read. */
export type StepMigrations = Readonly<Record<string, Effect.Effect<void, SqlError, SqlClient.SqlClient>>>

/**
 * A step is data: which items it works on, when an item is done, and how to do one. `run`
 * does the slow work (network, files) outside any transaction and returns the writes to
 * commit; it must be idempotent, because an item interrupted half-way is run again.
 *
 * The engine owns which items are pending: an item of the step's space, inside the
 * pipeline's selection, whose dependencies are done, that the step has not done (or did with
 * an older `version`). A *source* step (a listing, a sync queue) gives its own `pending`.
 */
export interface Step<I = any, R = never> {
  readonly name: string
  readonly description: string
  /** Names of the steps whose work this one reads; they run first, for each item. */
  readonly dependsOn: ReadonlyArray<string>
  /** Bump when the step's logic changes: items done by an older version are done again, and what depends on them. */
  readonly version: number
  /** What an item is (a release, say): its key, decoded by a Schema, and the table it lives in. */
  readonly items: ItemSpace<I>
  /**
   * When the step's work on an item is done and current (a flag, a row in its table).
   * Default: the step's checkpoint for the item is done.
   */
  readonly done?: Condition | undefined
  /** A source step's own list of what is to do; steps without it leave that to the engine. */
  readonly pending?: ((selection: Selection) => Effect.Effect<ReadonlyArray<I>, SqlError, R>) | undefined
  readonly run: (item: I, context: StepContext) => Effect.Effect<Commit, StepError, R>
  /** Checked before the run takes any item (a tool on PATH, say); a failure stops the run before any work. */
  readonly preflight?: Effect.Effect<void, StepError, R> | undefined
  /**
   * A fingerprint of what an item's work depends on (the videos a release's tracks are matched
   * to, say). An item that failed permanently is tried again once its fingerprint changes.
   */
  readonly inputs?: ((item: I) => Effect.Effect<string, SqlError, R>) | undefined
  /**
   * How long the step would take on these items, from the limits it works under (a request
   * rate, a pause between downloads), for `crate plan`. Default: from how long its items took
   * in earlier runs.
   */
  readonly estimate?: ((items: ReadonlyArray<I>) => Effect.Effect<Estimate, SqlError, R>) | undefined
  /** The step's own tables. */
  readonly migrations?: StepMigrations | undefined
  /** Forgets the step's work on these items (its flag, its rows), so that it is done again. Checkpoints are the engine's. */
  readonly reset?: ((items: ReadonlyArray<I>) => Effect.Effect<void, SqlError, SqlClient.SqlClient>) | undefined
  /** Items in work at once, unless the config says otherwise (default 1). */
  readonly concurrency?: number | undefined
  /** How transient errors are retried, unless the config says otherwise (default: 4 times from 2 s, doubling). */
  readonly retry?: Retry | undefined
  /** How `crate status` names the step's progress line, e.g. "Covers" (default: the name, capitalised). */
  readonly title?: string | undefined
}

/** Builds a step; its requirements are those of `run`, `pending`, `preflight` and `inputs` together. */
export const make = <I, RR, RP = never, RF = never, RI = never, RE = never>(
  step: Omit<Step<I>, "run" | "pending" | "preflight" | "inputs" | "estimate"> & {
    readonly run: (item: I, context: StepContext) => Effect.Effect<Commit, StepError, RR>
    readonly pending?: ((selection: Selection) => Effect.Effect<ReadonlyArray<I>, SqlError, RP>) | undefined
    readonly preflight?: Effect.Effect<void, StepError, RF> | undefined
    readonly inputs?: ((item: I) => Effect.Effect<string, SqlError, RI>) | undefined
    readonly estimate?: ((items: ReadonlyArray<I>) => Effect.Effect<Estimate, SqlError, RE>) | undefined
  }
): Step<I, RR | RP | RF | RI | RE> => step as Step<I, RR | RP | RF | RI | RE>
