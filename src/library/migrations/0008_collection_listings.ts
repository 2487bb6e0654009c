import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * When the collection was last listed, and whether that listing got to its end. The "nothing
 * changed" shortcut (one request) is only safe after a complete listing: after one that stopped
 * half-way, additions on later pages and removals would otherwise be lost for good. A user
 * whose listing step is done listed completely (the step is done only then).
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE collection_listings (
    username TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    completed_at TEXT
  )`
  yield* sql`INSERT INTO collection_listings (username, started_at, completed_at)
    SELECT item, coalesce(started_at, updated_at), coalesce(finished_at, updated_at) FROM checkpoints
    WHERE step = 'collection' AND status = 'done'`
})
