import type { SqlError } from "@effect/sql/SqlError"
import type { Effect } from "effect"
import type { StepError } from "./StepError.ts"

/** The database writes of one finished item. The runner runs them in one transaction together with the checkpoint. */
export type Commit = Effect.Effect<void, SqlError>

/** What the user asked this run to cover. */
export interface Selection {
  /** Only these items (`--release-id`); empty means all. */
  readonly items: ReadonlyArray<string>
  /** Redo items that are already done (`--refresh`). */
  readonly refresh: boolean
  /** Step-specific switches from the command line, e.g. "rematch-failed". */
  readonly flags: ReadonlySet<string>
}

export interface StepContext {
  /** What the user asked this run to cover. */
  readonly selection: Selection
  /** Tells the steps that depend on this one that new items may be pending now (before this item finishes). */
  readonly progressed: Effect.Effect<void>
  /** Tells the user something about the whole step (a pause, say), as a `StepNotice` event. */
  readonly notice: (message: string) => Effect.Effect<void>
}

/**
 * A step is data: the items it still has to do (a query on the database), and how to do one.
 * `run` does the slow work (network, files) outside any transaction and returns the writes
 * to commit; it must be idempotent, because an item interrupted half-way is run again.
 */
export interface Step<R = never> {
  readonly name: string
  readonly description: string
  /** Names of steps of the same pipeline whose work this one reads. */
  readonly dependsOn: ReadonlyArray<string>
  /** Bump when the step's logic changes: items done by an older version are done again. */
  readonly version: number
  /** The items that still need this step, in the order they should be taken. */
  readonly pending: (selection: Selection) => Effect.Effect<ReadonlyArray<string>, SqlError, R>
  readonly run: (item: string, context: StepContext) => Effect.Effect<Commit, StepError, R>
  /** Checked before the run takes any item (a tool on PATH, say); a failure stops the run before any work. */
  readonly preflight?: Effect.Effect<void, StepError, R> | undefined
  /**
   * A fingerprint of what an item's work depends on (the videos a release's tracks are matched
   * to, say). An item that failed permanently is tried again once its fingerprint changes.
   */
  readonly inputs?: ((item: string) => Effect.Effect<string, SqlError, R>) | undefined
  /** How to name an item in messages, e.g. "release 1503102". */
  readonly label: (item: string) => string
}

/** Builds a step; its requirements are those of `pending` and `run` together. */
export const make = <RP, RR>(
  step: Omit<Step, "pending" | "run" | "preflight" | "inputs"> & {
    readonly pending: (selection: Selection) => Effect.Effect<ReadonlyArray<string>, SqlError, RP>
    readonly run: (item: string, context: StepContext) => Effect.Effect<Commit, StepError, RR>
    readonly preflight?: Effect.Effect<void, StepError, RR> | undefined
    readonly inputs?: ((item: string) => Effect.Effect<string, SqlError, RP>) | undefined
  }
): Step<RP | RR> => step
