import { SqlClient } from "@effect/sql"
import { Effect, Stream } from "effect"
import { CrateConfig } from "../src/config/Config.ts"
import { DiscogsApi } from "../src/discogs/DiscogsApi.ts"
import { toStepError } from "../src/discogs/DiscogsError.ts"
import { normalizeRelease } from "../src/discogs/normalize.ts"
import { nowIso } from "../src/engine/clock.ts"
import * as Pipeline from "../src/engine/Pipeline.ts"
import * as Step from "../src/engine/Step.ts"
import { StepError } from "../src/engine/StepError.ts"
import { markRemovedSince, releasesToSync, upsertCollectionItems } from "../src/library/collectionStore.ts"
import { writeRelease } from "../src/library/releaseStore.ts"

/**
 * Lists the whole collection on every run (one request per 100 items) so that new and
 * removed records are seen. Each page is written as it arrives, so `release` starts on the
 * first page while the next is fetched; items missing from a complete listing get `removed_at`.
 */
const collection = Step.make({
  name: "collection",
  description: "list the Discogs collection",
  dependsOn: [],
  version: 1,
  label: (username) => `collection of ${username}`,
  pending: (selection) =>
    Effect.map(CrateConfig, (config) =>
      selection.items.length > 0 || config.discogs.username === null ? [] : [config.discogs.username]),
  run: (username, context) =>
    Effect.gen(function*() {
      const api = yield* DiscogsApi
      const sql = yield* SqlClient.SqlClient
      const listedAt = yield* nowIso
      yield* api.collection(username).pipe(
        Stream.mapError(toStepError),
        Stream.runForEach((page) =>
          sql.withTransaction(upsertCollectionItems(page.releases, listedAt)).pipe(
            Effect.mapError(StepError.database),
            Effect.zipRight(context.progressed)
          )
        )
      )
      return Effect.flatMap(nowIso, (now) => markRemovedSince(listedAt, now)).pipe(
        Effect.provideService(SqlClient.SqlClient, sql),
        Effect.asVoid
      )
    })
})

/** Fetches each release of the collection not synced yet and stores it in one transaction. */
const release = Step.make({
  name: "release",
  description: "sync release data from Discogs",
  dependsOn: ["collection"],
  version: 1,
  label: (releaseId) => `release ${releaseId}`,
  pending: (selection) =>
    selection.items.length > 0
      ? Effect.succeed(selection.items)
      : Effect.map(releasesToSync(selection.refresh), (ids) => ids.map(String)),
  run: (releaseId) =>
    Effect.gen(function*() {
      const api = yield* DiscogsApi
      const sql = yield* SqlClient.SqlClient
      const body = yield* Effect.mapError(api.release(Number(releaseId)), toStepError)
      const normalized = normalizeRelease(body)
      return Effect.flatMap(nowIso, (now) => writeRelease(normalized, now)).pipe(
        Effect.provideService(SqlClient.SqlClient, sql)
      )
    })
})

export const metadata = Pipeline.make("metadata", [collection, release])
