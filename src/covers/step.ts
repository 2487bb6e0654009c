import { Effect } from "effect"
import { CrateConfig } from "../config/Config.ts"
import { paced } from "../engine/estimate.ts"
import { retriedByClient } from "../engine/Retry.ts"
import * as Step from "../engine/Step.ts"
import { StepError } from "../engine/StepError.ts"
import { downloadImages } from "./download.ts"
import { tokenMissing } from "./errors.ts"
import { placeCovers } from "./place.ts"
import { coversDone, forgetCovers, imageCount, listedImages, recordCovers } from "./store.ts"
import { sweepDeadTemp } from "../library/files.ts"
import { releaseItems } from "../library/releaseItems.ts"

/**
 * Phase 2: every image Discogs lists for a synced release, as `cover.<ext>` (the primary)
 * and `cover_2.<ext>`, … in the release's library folder. Items are releases.
 */
export const covers = Step.make({
  name: "covers",
  description: "download cover images from Discogs",
  dependsOn: [],
  version: 1,
  concurrency: 4,
  retry: retriedByClient,
  title: "Covers",
  items: releaseItems,
  done: coversDone,
  reset: forgetCovers,
  preflight: Effect.gen(function*() {
    const config = yield* CrateConfig
    if (config.discogs.token === null) return yield* StepError.fatal("NoToken", tokenMissing)
    yield* sweepDeadTemp(config.library)
  }),
  estimate: (releaseIds) =>
    Effect.gen(function*() {
      const config = yield* CrateConfig
      return paced(yield* imageCount(releaseIds), config.discogs.requestsPerMinute, "image requests to Discogs")
    }),
  run: (releaseId) =>
    Effect.gen(function*() {
      const images = yield* Effect.mapError(listedImages(releaseId), StepError.database)
      // A release Discogs lists no images for is done with nothing to fetch.
      const files = images.length === 0 ? [] : yield* placeCovers(releaseId, yield* downloadImages(releaseId, images))
      return recordCovers(releaseId, files)
    })
})
