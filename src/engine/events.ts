import { Schema } from "effect"

/**
 * What a run reports as it goes. The CLI renders these as bars, log lines, or, with `--json`,
 * one JSON object per line: scripts read them, so they are a published Schema (`RunEvent`
 * from "crate"; docs/events.md). Add fields, never rename or remove one.
 */

const itemRef = {
  step: Schema.String,
  /** The item's key as checkpoints write it, e.g. "1503102". */
  item: Schema.String,
  /** How people call the item, e.g. "release 1503102". */
  label: Schema.String
}

export const ErrorInfo = Schema.Struct({
  /** transient | permanent | deferred | fatal */
  kind: Schema.String,
  /** A short stable word for grouping, e.g. "NotFound", "RateLimited". */
  reason: Schema.String,
  message: Schema.String
})
export type ErrorInfo = typeof ErrorInfo.Type

export const StepSummary = Schema.Struct({
  step: Schema.String,
  /** What its items are ("release", "track"); absent in summaries stored before it was kept. */
  unit: Schema.optional(Schema.String),
  done: Schema.Number,
  failed: Schema.Number,
  /** Items that failed permanently in an earlier run and were not tried again. */
  skipped: Schema.Number,
  /** Failures of this run by reason. */
  failures: Schema.Record({ key: Schema.String, value: Schema.Number }),
  /** Why the step stopped taking items early, if it did (a spent budget, say). */
  deferred: Schema.NullOr(Schema.String),
  /** Items still pending when the step stopped (not counting permanent failures). */
  remaining: Schema.Number
})
export type StepSummary = typeof StepSummary.Type

export const RunSummary = Schema.Struct({
  runId: Schema.Number,
  pipeline: Schema.String,
  status: Schema.Literal("completed", "failed", "interrupted"),
  durationMs: Schema.Number,
  steps: Schema.Array(StepSummary),
  error: Schema.NullOr(Schema.String)
})
export type RunSummary = typeof RunSummary.Type

export const RunStarted = Schema.TaggedStruct("RunStarted", {
  runId: Schema.Number,
  pipeline: Schema.String,
  steps: Schema.Array(Schema.String),
  /** Items a dead run had left running, put back to pending. */
  recovered: Schema.Number
})
export const ItemsQueued = Schema.TaggedStruct("ItemsQueued", { step: Schema.String, count: Schema.Number })
export const ItemStarted = Schema.TaggedStruct("ItemStarted", itemRef)
export const ItemRetrying = Schema.TaggedStruct("ItemRetrying", { ...itemRef, attempt: Schema.Number, delayMs: Schema.Number, error: ErrorInfo })
export const ItemDone = Schema.TaggedStruct("ItemDone", { ...itemRef, durationMs: Schema.Number })
export const ItemFailed = Schema.TaggedStruct("ItemFailed", { ...itemRef, error: ErrorInfo })
export const ItemDeferred = Schema.TaggedStruct("ItemDeferred", { ...itemRef, error: ErrorInfo })
export const StepNotice = Schema.TaggedStruct("StepNotice", { step: Schema.String, message: Schema.String })
export const StepFinished = Schema.TaggedStruct("StepFinished", { summary: StepSummary })
export const RunFinished = Schema.TaggedStruct("RunFinished", { summary: RunSummary })

export const RunEvent = Schema.Union(
  RunStarted, ItemsQueued, ItemStarted, ItemRetrying, ItemDone, ItemFailed, ItemDeferred, StepNotice, StepFinished, RunFinished
)
export type RunEvent = typeof RunEvent.Type

export type ItemRef = Pick<typeof ItemDone.Type, "step" | "item" | "label">
