import { Schema } from "effect"
import { StepError } from "../engine/StepError.ts"

export const DiscogsErrorReason = Schema.Literal("Unauthorized", "Forbidden", "NotFound", "RateLimited", "Server", "Network", "Decode", "Http")
export type DiscogsErrorReason = typeof DiscogsErrorReason.Type

/** Any failure of a Discogs request. `message` is one line naming the resource; never the token. */
export class DiscogsError extends Schema.TaggedError<DiscogsError>()("DiscogsError", {
  reason: DiscogsErrorReason,
  /** What was asked for, as people say it: "release 1503102", "collection page 3". */
  resource: Schema.String,
  message: Schema.String
}) {}

/** 429s, 5xx and network errors pass; everything else will fail the same way again. */
export const isTransient = (error: DiscogsError): boolean =>
  error.reason === "RateLimited" || error.reason === "Server" || error.reason === "Network"

export const tokenRejected = "DISCOGS_TOKEN was rejected by Discogs: check it at https://www.discogs.com/settings/developers"

/** How the engine treats a Discogs failure: a rejected token stops the run, a vanished release is permanent. */
export const toStepError = (error: DiscogsError): StepError => {
  switch (error.reason) {
    case "Unauthorized":
      return StepError.fatal(error.reason, tokenRejected)
    case "NotFound":
      return StepError.permanent(error.reason, `${error.resource} is no longer on Discogs (HTTP 404)`)
    default:
      return isTransient(error) ? StepError.transient(error.reason, error.message) : StepError.permanent(error.reason, error.message)
  }
}
