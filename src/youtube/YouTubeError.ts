import { Schema } from "effect"
import { StepError } from "../engine/StepError.ts"

/**
 * - `BotCheck`: YouTube answered "confirm you're not a bot" (or its "unusual traffic" page)
 * - `RateLimited`: HTTP 429
 * - `Server`, `Network`: 5xx, a refused or dropped connection: worth retrying
 * - `Unexpected`: an answer youtubei.js could not read (YouTube changed its format?)
 */
export const YouTubeErrorReason = Schema.Literal("BotCheck", "RateLimited", "Server", "Network", "Unexpected")
export type YouTubeErrorReason = typeof YouTubeErrorReason.Type

export class YouTubeError extends Schema.TaggedError<YouTubeError>()("YouTubeError", {
  reason: YouTubeErrorReason,
  message: Schema.String
}) {}

/** YouTube wants a break: the whole step pauses instead of failing item after item. */
export const isBlocked = (error: YouTubeError): boolean => error.reason === "BotCheck" || error.reason === "RateLimited"

export const toStepError = (error: YouTubeError): StepError => {
  switch (error.reason) {
    case "Unexpected":
      return StepError.permanent(error.reason, `${error.message}; a newer crate (youtubei.js) may read it`)
    case "BotCheck":
    case "RateLimited":
      return StepError.deferred(error.reason, `${error.message}, again after the cool-down: run again later`)
    default:
      return StepError.transient(error.reason, error.message)
  }
}
