import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * The covers step's enrichment: which file each Discogs image became, and the daily image
 * budget. `images` keeps its Discogs columns (written by phase 1); these columns are written
 * only by the covers step, and a re-sync keeps them (it upserts by release_id, position).
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  // file_path is relative to the library; downloaded_uri is the `uri` the file came from, so a
  // re-sync that changes `uri` shows the file is outdated.
  yield* sql`ALTER TABLE images ADD COLUMN file_path TEXT`
  yield* sql`ALTER TABLE images ADD COLUMN bytes INTEGER`
  yield* sql`ALTER TABLE images ADD COLUMN sha256 TEXT`
  yield* sql`ALTER TABLE images ADD COLUMN downloaded_at TEXT`
  yield* sql`ALTER TABLE images ADD COLUMN downloaded_uri TEXT`

  // Image requests made (or reserved) per UTC day ("2024-05-01"), against discogs.imagesPerDay.
  yield* sql`CREATE TABLE discogs_image_budget (
    day TEXT PRIMARY KEY,
    used INTEGER NOT NULL
  )`
})
