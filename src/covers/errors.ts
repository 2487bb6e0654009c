import { StepError } from "../engine/StepError.ts"
import type { FileError } from "../library/files.ts"
import { describeBody } from "./imageType.ts"

export const tokenMissing =
  "DISCOGS_TOKEN is not set: covers are fetched from Discogs with your token; create one at https://www.discogs.com/settings/developers and `export DISCOGS_TOKEN=…`"

/** A full disk or a read-only library stops the run; anything else about a file is worth another try. */
export const fileFailure = (error: FileError): StepError =>
  error.isFatal ? StepError.fatal("Disk", error.message) : StepError.transient("File", error.message)

/**
 * A 200 whose body is not an image (an HTML error page, say): that URL answers so every time,
 * so it is permanent; `--retry-failed` tries again. A body cut short is a Network failure instead.
 */
export const notAnImage = (resource: string, bytes: Uint8Array): StepError =>
  StepError.permanent("NotAnImage", `${resource}: Discogs sent ${describeBody(bytes)} instead of an image`)

export const budgetSpent = (perDay: number): StepError =>
  StepError.deferred(
    "DailyLimit",
    `daily image limit reached (discogs.imagesPerDay = ${perDay}): the remaining covers resume tomorrow; run the same command again after 00:00 UTC`
  )

export const overBudget = (releaseId: number, images: number, perDay: number): StepError =>
  StepError.permanent(
    "TooManyImages",
    `release ${releaseId} lists ${images} images, more than discogs.imagesPerDay (${perDay}) allows in one day; raise it to fetch this release`
  )
