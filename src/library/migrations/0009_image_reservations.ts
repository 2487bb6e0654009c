import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * Images taken from the day's budget by a release in work, and how many of them it has asked
 * for so far. A run killed mid-release leaves its row behind; the next reservation gives the
 * images never asked for back to the day, so kills do not eat the daily allowance.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE discogs_image_reservations (
    reservation_id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    reserved INTEGER NOT NULL,
    requested INTEGER NOT NULL DEFAULT 0,
    pid INTEGER NOT NULL,
    hostname TEXT NOT NULL
  )`
})
