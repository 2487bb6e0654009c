import { Effect } from "effect"
import { DiscogsApi } from "../discogs/DiscogsApi.ts"
import { toStepError } from "../discogs/DiscogsError.ts"
import { normalizeRelease } from "../discogs/normalize.ts"
import { nowIso } from "../engine/clock.ts"
import { CrateConfig } from "../config/Config.ts"
import { paced } from "../engine/estimate.ts"
import { retriedByClient } from "../engine/Retry.ts"
import * as Step from "../engine/Step.ts"
import { StepError } from "../engine/StepError.ts"
import { releasesToSync } from "../library/collectionStore.ts"
import { type ReleaseId, releaseItems } from "../library/releaseItems.ts"
import { writeRelease } from "../library/releaseStore.ts"

/**
 * Fetches each release of the collection not synced yet and stores it in one transaction: a
 * source step (it lists its own items, from the collection), whose releases every later
 * step takes as items. `--release-id` syncs the given releases, in the collection or not.
 */
export const release = Step.make({
  name: "release",
  description: "sync release data from Discogs",
  dependsOn: ["collection"],
  version: 1,
  concurrency: 2,
  retry: retriedByClient,
  items: releaseItems,
  done: "r.discogs_synced_at IS NOT NULL",
  pending: (selection) =>
    selection.items.length > 0
      ? Effect.succeed(selection.items.map((item) => Number(item) as ReleaseId))
      : Effect.map(releasesToSync(selection.refresh), (ids) => ids.map((id) => id as ReleaseId)),
  estimate: (releaseIds) => Effect.map(CrateConfig, (config) => paced(releaseIds.length, config.discogs.requestsPerMinute, "Discogs requests")),
  run: (releaseId) =>
    Effect.gen(function*() {
      const api = yield* DiscogsApi
      const body = yield* Effect.mapError(api.release(releaseId), toStepError)
      // Stored under another id, the release asked for would stay unsynced and be fetched on every run.
      if (body.id !== releaseId) {
        return yield* StepError.permanent("Decode", `release ${releaseId}: Discogs answered with release ${body.id}; it is not stored`)
      }
      const normalized = normalizeRelease(body)
      return Effect.flatMap(nowIso, (now) => writeRelease(normalized, now))
    })
})
