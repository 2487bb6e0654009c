import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { CrateConfig } from "../src/config/Config.ts"
import { DiscogsApi } from "../src/discogs/DiscogsApi.ts"
import { toStepError } from "../src/discogs/DiscogsError.ts"
import { normalizeRelease } from "../src/discogs/normalize.ts"
import type { CollectionPage } from "../src/discogs/schema.ts"
import { nowIso } from "../src/engine/clock.ts"
import * as Pipeline from "../src/engine/Pipeline.ts"
import * as Step from "../src/engine/Step.ts"
import { StepError } from "../src/engine/StepError.ts"
import { inTransaction } from "../src/engine/transaction.ts"
import { isUnchanged, markRemovedSince, releasesToSync, upsertCollectionItems } from "../src/library/collectionStore.ts"
import { writeRelease } from "../src/library/releaseStore.ts"

/**
 * Lists the collection, newest additions first. When Discogs reports as many items as we
 * own and its first page holds nothing new, nothing changed: one request, done. Otherwise
 * every page is written as it arrives (so `release` starts on the first while the next is
 * fetched), and items missing from the complete listing get `removed_at`. `--refresh`
 * always lists everything.
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
      const fetchPage = (page: number) => Effect.mapError(api.collectionPage(username, page), toStepError)
      const store = (page: CollectionPage) =>
        inTransaction(sql, upsertCollectionItems(page.releases, listedAt)).pipe(
          Effect.mapError(StepError.database),
          Effect.zipRight(context.progressed)
        )

      const first = yield* fetchPage(1)
      if (!context.selection.refresh && (yield* Effect.mapError(isUnchanged(first), StepError.database))) {
        yield* context.notice(`no change in the collection of ${username} (${first.pagination.items} items)`)
        return Effect.void
      }
      yield* store(first)
      for (let page = 2; page <= first.pagination.pages; page++) yield* Effect.flatMap(fetchPage(page), store)
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
