import { StepError } from "../engine/StepError.ts"
import type { TrackFailed } from "./downloadTrack.ts"
import { describe, reasonWord, words } from "./failures.ts"

/** How many cool-downs one download sits out before the step stops for this run. */
export const maxCooldowns = 3

const rematchHint = "flagged, so `crate run assets --rematch-failed` can pick another video"

/** One line per failed track: the track, its video, the reason in words and yt-dlp's own. */
export const trackFailureLine = (failed: TrackFailed) =>
  `${failed.label}: ${describe(failed.failure)}${failed.failure._tag === "Unavailable" ? `; ${rematchHint}` : ""}`

/**
 * One release's failures as the step's error: the gravest kind decides (a cool-down that
 * did not end, then fatal, transient, unavailable, refused). One failed track is told in full; several
 * are grouped by reason, by position (each has its own line from `trackFailureLine`).
 */
export const releaseError = (failures: ReadonlyArray<TrackFailed>, matched: number): StepError => {
  const gravest = (["Cooldown", "Fatal", "Transient", "Unavailable", "Refused"] as const)
    .map((tag) => failures.find((failed) => failed.failure._tag === tag))
    .find((failed) => failed !== undefined)!
  let message: string
  if (failures.length === 1) {
    message = trackFailureLine(gravest)
  } else {
    const groups = new Map<string, Array<string>>()
    for (const failed of failures) {
      const reason = words(failed.failure)
      groups.set(reason, [...(groups.get(reason) ?? []), failed.position])
    }
    const flagged = failures.some((failed) => failed.failure._tag === "Unavailable")
    message = `${failures.length} of ${matched} tracks failed: ` +
      [...groups].map(([reason, positions]) => `${reason} (${positions.join(", ")})`).join("; ") +
      (flagged ? `; ${rematchHint.replace("another video", "other videos")}` : "")
  }
  const reason = reasonWord(gravest.failure)
  switch (gravest.failure._tag) {
    case "Cooldown":
      return StepError.deferred(reason, `${message}; still so after ${maxCooldowns} pauses: no more downloads in this run, try again later`)
    case "Fatal":
      return StepError.fatal(reason, message)
    case "Transient":
      return StepError.transient(reason, message)
    case "Unavailable":
    case "Refused":
      return StepError.permanent(reason, message)
  }
}
