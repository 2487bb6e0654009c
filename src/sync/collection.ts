import { SqlClient } from "@effect/sql"
import { Effect, Schema } from "effect"
import { CrateConfig } from "../config/Config.ts"
import { DiscogsApi } from "../discogs/DiscogsApi.ts"
import { toStepError } from "../discogs/DiscogsError.ts"
import type { CollectionPage } from "../discogs/schema.ts"
import { nowIso } from "../engine/clock.ts"
import { paced } from "../engine/estimate.ts"
import type { ItemSpace } from "../engine/ItemSpace.ts"
import { retriedByClient } from "../engine/Retry.ts"
import * as Step from "../engine/Step.ts"
import { StepError } from "../engine/StepError.ts"
import { inTransaction } from "../engine/transaction.ts"
import { isUnchanged, markRemovedSince, upsertCollectionItems } from "../library/collectionStore.ts"

/** A Discogs user's collection, by username: the one item of the listing step. */
export const collections: ItemSpace<string> = {
  name: "collection",
  key: Schema.NonEmptyString,
  label: (username) => `collection of ${username}`
}

/**
 * Lists the collection, newest additions first. When Discogs reports as many items as we
 * own and its first page holds nothing new, nothing changed: one request, done. Otherwise
 * every page is written as it arrives (so `release` starts on the first while the next is
 * fetched), and items missing from the complete listing get `removed_at`. `--refresh`
 * always lists everything.
 */
export const collection = Step.make({
  name: "collection",
  description: "list the Discogs collection",
  dependsOn: [],
  version: 1,
  concurrency: 1,
  retry: retriedByClient,
  items: collections,
  pending: (selection) =>
    Effect.map(CrateConfig, (config) =>
      selection.items.length > 0 || config.discogs.username === null ? [] : [config.discogs.username]),
  // One request when nothing changed; one per 100 releases otherwise.
  estimate: (usernames) => Effect.map(CrateConfig, (config) => paced(usernames.length, config.discogs.requestsPerMinute, "Discogs request (or one per 100 releases)")),
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
      return Effect.asVoid(Effect.flatMap(nowIso, (now) => markRemovedSince(listedAt, now)))
    })
})
