import type { SqlError } from "@effect/sql/SqlError"
import { Schema } from "effect"
import { describeSqlFailure } from "./sqlFailure.ts"

/**
 * How the runner treats a failed item:
 * - `transient`: retried with the step's backoff; if it still fails, recorded `failed` and
 *   tried again on the next run.
 * - `permanent`: recorded `failed` and reported; later runs skip it unless `--retry-failed`.
 * - `deferred`: not a failure. The item stays `pending` with the message, and the step takes
 *   no more items in this run (a daily budget spent, say).
 * - `fatal`: the whole run stops at once with the message (a rejected token, a full disk);
 *   the item stays `pending`.
 */
export const FailureKind = Schema.Literal("transient", "permanent", "deferred", "fatal")
export type FailureKind = typeof FailureKind.Type

export class StepError extends Schema.TaggedError<StepError>()("StepError", {
  kind: FailureKind,
  /** A short stable word for grouping in reports, e.g. "NotFound", "RateLimited". */
  reason: Schema.String,
  /** One line for people: what happened and, when there is something to do, what to do. */
  message: Schema.String
}) {
  static transient = (reason: string, message: string) => new StepError({ kind: "transient", reason, message })
  static permanent = (reason: string, message: string) => new StepError({ kind: "permanent", reason, message })
  static deferred = (reason: string, message: string) => new StepError({ kind: "deferred", reason, message })
  static fatal = (reason: string, message: string) => new StepError({ kind: "fatal", reason, message })
  /** A write that failed outside the commit (a full disk, a broken file): nothing later can work. */
  static database = (error: SqlError) =>
    new StepError({ kind: "fatal", reason: "Database", message: describeSqlFailure(error) })
}

export const isTransient = (error: StepError): boolean => error.kind === "transient"
