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
import type { DiscogsError } from "../discogs/DiscogsError.ts"
import type { CollectionPagination } from "../discogs/schema.ts"
import {
  isUnchanged,
  listingCompleted,
  listingStarted,
  markRemovedSince,
  upsertCollectionItems
} from "../library/collectionStore.ts"

/** A Discogs user's collection, by username: the one item of the listing step. */
export const collections: ItemSpace<string> = {
  name: "collection",
  key: Schema.NonEmptyString,
  label: (username) => `collection of ${username}`
}

/**
 * A 404 for page 1 means the user is not there: nothing later can work. A missing later page
 * is not a release that vanished: the listing is done again, from the start, by the next run.
 */
const pageError = (username: string, page: number) => (error: DiscogsError): StepError =>
  error.reason !== "NotFound"
    ? toStepError(error)
    : page === 1
    ? StepError.fatal("NoSuchUser", `Discogs has no user "${username}": check DISCOGS_USERNAME (or discogs.username in pipeline.config.ts)`)
    : StepError.transient("MissingPage", `page ${page} of the collection of ${username} is missing (HTTP 404); the next run lists it again`)

/** The last page to ask for: a `pages` that claims more than the item count fills is not followed. */
const lastPage = (pagination: CollectionPagination) =>
  Math.max(1, Math.min(pagination.pages, Math.ceil(pagination.items / Math.max(1, pagination.per_page))))

/**
 * Lists the collection, newest additions first. When the last listing was complete, Discogs
 * reports as many items as we own and its first page holds nothing new, nothing changed: one
 * request, done. Otherwise every page is written as it arrives (so `release` starts on the
 * first while the next is fetched), and, once the listing is complete, the items it did not
 * contain get `removed_at`. A listing that stops half-way (a failure, Ctrl-C, kill -9) removes
 * nothing and leaves the next run to list everything again. `--refresh` always lists everything.
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
      const fetchPage = (page: number) => Effect.mapError(api.collectionPage(username, page), pageError(username, page))
      const store = (page: CollectionPage) =>
        inTransaction(sql, upsertCollectionItems(page.releases, listedAt)).pipe(
          Effect.mapError(StepError.database),
          Effect.zipRight(context.progressed)
        )

      const first = yield* fetchPage(1)
      if (!context.selection.refresh && (yield* Effect.mapError(isUnchanged(username, first), StepError.database))) {
        yield* context.notice(`no change in the collection of ${username} (${first.pagination.items} items)`)
        return Effect.void
      }
      yield* Effect.mapError(inTransaction(sql, listingStarted(username, listedAt)), StepError.database)
      yield* store(first)
      for (let page = 2; page <= lastPage(first.pagination); page++) yield* Effect.flatMap(fetchPage(page), store)
      return Effect.gen(function*() {
        const now = yield* nowIso
        yield* markRemovedSince(listedAt, now)
        yield* listingCompleted(username, now)
      })
    })
})
