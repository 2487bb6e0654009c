import { Effect, Schema } from "effect"
import { join } from "node:path"
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
import { fileStepError, writeFileAtomic } from "../library/files.ts"
import { metadataFileName, syncedReleaseFolder } from "../library/releaseFolder.ts"
import { writeRelease } from "../library/releaseStore.ts"
import { DiscogsRelease } from "../discogs/schema.ts"

/**
 * Fetches each release of the collection not synced yet and stores it in one transaction, with
 * the release as Discogs sent it in `metadata.json` in its library folder (what `crate migrate`
 * reads back): a source step (it lists its own items, from the collection), whose releases every later
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
      // metadata.json first, then the rows with the folder's path: killed in between, the next
      // run fetches the release again and writes the same file.
      const credits = body.artists.map((artist) => ({ name: artist.name, join_phrase: artist.join || null }))
      const folder = yield* syncedReleaseFolder(releaseId, credits, body.title).pipe(
        Effect.catchTags({ FileError: (error) => Effect.fail(fileStepError(error)), SqlError: (error) => Effect.fail(StepError.database(error)) })
      )
      const { library } = yield* CrateConfig
      const metadata = JSON.stringify(Schema.encodeSync(DiscogsRelease)(body), null, 2) + "\n"
      yield* Effect.mapError(writeFileAtomic(library, join(folder.absolute, metadataFileName), metadata), fileStepError)
      return Effect.gen(function*() {
        yield* writeRelease(normalized, yield* nowIso)
        yield* folder.record
      })
    })
})
