import { Duration, Schedule } from "effect"
import type { StepError } from "./StepError.ts"

/** The short form of a retry policy: `times` retries, the first after `base`, each next one twice as late (jittered). */
export interface RetryPolicy {
  readonly times: number
  readonly base: Duration.DurationInput
}

/** How a step retries its transient errors: the short form, or any Schedule fed with the errors. */
export type Retry = RetryPolicy | Schedule.Schedule<unknown, StepError>

export const toSchedule = (retry: Retry): Schedule.Schedule<unknown, StepError> =>
  Schedule.isSchedule(retry)
    ? retry
    : Schedule.exponential(Duration.decode(retry.base)).pipe(Schedule.jittered, Schedule.intersect(Schedule.recurs(retry.times)))

/** How the retry policy reads in `crate pipelines`. */
export const describeRetry = (retry: Retry): string =>
  Schedule.isSchedule(retry)
    ? "a custom Schedule"
    : retry === retriedByClient
    ? "per request, by its client"
    : retry.times === 0
    ? "no retries"
    : `${retry.times} × from ${Duration.format(Duration.decode(retry.base))}, doubling`

/**
 * For steps whose requests are retried where they are made (the Discogs client, under
 * `discogs.retry`): the step adds no second layer, so a persistent 5xx costs `times + 1`
 * requests a run, not their product.
 */
export const retriedByClient: RetryPolicy = { times: 0, base: 0 }
