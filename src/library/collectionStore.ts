import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import type { CollectionItem, CollectionPage } from "../discogs/schema.ts"

/**
 * Upserts one page of the collection listing, keyed by `instance_id` (the same release can be
 * owned twice). `seenAt` is the listing's start time: an item that comes back after having
 * been removed is owned again.
 */
export const upsertCollectionItems = (
  items: ReadonlyArray<CollectionItem>,
  seenAt: string
): Effect.Effect<void, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    if (items.length === 0) return
    const sql = yield* SqlClient.SqlClient
    const rows = items.map((item) => ({
      instance_id: item.instance_id,
      release_id: item.id,
      folder_id: item.folder_id,
      date_added: item.date_added,
      rating: item.rating,
      notes: item.notes === undefined ? null : JSON.stringify(item.notes),
      first_seen_at: seenAt,
      last_seen_at: seenAt,
      removed_at: null
    }))
    yield* sql`INSERT INTO collection_items ${sql.insert(rows)}
      ON CONFLICT(instance_id) DO UPDATE SET
        release_id = excluded.release_id, folder_id = excluded.folder_id, date_added = excluded.date_added,
        rating = excluded.rating, notes = excluded.notes, last_seen_at = excluded.last_seen_at, removed_at = NULL`
  })

/**
 * After a complete listing: items it did not contain left the collection. They get
 * `removed_at`, never deleted (their release and its enrichments stay). Returns how many.
 */
export const markRemovedSince = (listedAt: string, removedAt: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ instance_id: number }>`UPDATE collection_items SET removed_at = ${removedAt}
      WHERE removed_at IS NULL AND last_seen_at < ${listedAt} RETURNING instance_id`
    return rows.length
  })

/** A listing of the user's collection begins: until it is complete, the next run lists everything again. */
export const listingStarted = (username: string, startedAt: string) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`INSERT INTO collection_listings (username, started_at, completed_at) VALUES (${username}, ${startedAt}, NULL)
      ON CONFLICT (username) DO UPDATE SET started_at = excluded.started_at, completed_at = NULL`)

/** The listing got to its last page: in the commit that marks what it did not list as removed. */
export const listingCompleted = (username: string, completedAt: string) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`UPDATE collection_listings SET completed_at = ${completedAt} WHERE username = ${username}`)

/**
 * True when the collection cannot have changed since the last listing: that listing was
 * complete, Discogs reports as many items as we own, and its newest ones (the first page,
 * newest first) are all known. Anything added would be on that page; anything removed would
 * change the count. After a listing that stopped half-way, never.
 */
export const isUnchanged = (username: string, firstPage: CollectionPage) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const [last] = yield* sql<{ completed_at: string | null }>`SELECT completed_at FROM collection_listings WHERE username = ${username}`
    if (last?.completed_at == null) return false
    const [owned] = yield* sql<{ n: number }>`SELECT count(*) AS n FROM collection_items WHERE removed_at IS NULL`
    if (owned?.n !== firstPage.pagination.items) return false
    const ids = firstPage.releases.map((item) => item.instance_id)
    const [known] = yield* sql<{ n: number }>`SELECT count(*) AS n FROM collection_items
      WHERE removed_at IS NULL AND instance_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`
    return known?.n === ids.length
  })

/** Releases in the collection that were never synced (or all of them with `refresh`), oldest addition first. */
export const releasesToSync = (refresh: boolean) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ release_id: number }>`SELECT c.release_id FROM collection_items c
      LEFT JOIN releases r ON r.release_id = c.release_id
      WHERE c.removed_at IS NULL AND (${refresh ? 1 : 0} = 1 OR r.discogs_synced_at IS NULL)
      GROUP BY c.release_id ORDER BY min(c.date_added), c.release_id`
    return rows.map((row) => row.release_id)
  })
