import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * The audio step's enrichment: one file per track. `path` is relative to the library;
 * `video_url` is what the file was downloaded from, so a new match shows the file is outdated.
 * (`youtube_matches.unavailable_reason/unavailable_at`, which this step sets, come from 0004.)
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  yield* sql`CREATE TABLE audio_files (
    track_id INTEGER PRIMARY KEY REFERENCES tracks(track_id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    codec TEXT NOT NULL,
    duration_seconds REAL NOT NULL,
    bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    video_id TEXT,
    video_url TEXT NOT NULL,
    downloaded_at TEXT NOT NULL
  )`
})
