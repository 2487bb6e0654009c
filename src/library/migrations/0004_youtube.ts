import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * The youtube step's enrichment. `youtube_matches` holds one decision per track: a video,
 * or "no match" (video_id NULL, score = the best candidate's). `youtube_candidates` keeps
 * every candidate considered for the current decision with its score, so a decision can be
 * explained (`crate match show`). `youtube_unavailable` remembers videos found gone for
 * good, so that no later decision picks them again.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const columns = new Set(
    (yield* sql<{ name: string }>`SELECT name FROM pragma_table_info('youtube_matches')`).map((column) => column.name)
  )
  // An override (`crate match set|none`) is never replaced by a run.
  if (!columns.has("is_override")) yield* sql`ALTER TABLE youtube_matches ADD COLUMN is_override INTEGER NOT NULL DEFAULT 0`
  // Set by the audio step when the video is gone for good; `--rematch-failed` decides again.
  if (!columns.has("unavailable_reason")) yield* sql`ALTER TABLE youtube_matches ADD COLUMN unavailable_reason TEXT`
  if (!columns.has("unavailable_at")) yield* sql`ALTER TABLE youtube_matches ADD COLUMN unavailable_at TEXT`

  yield* sql`DELETE FROM youtube_matches WHERE match_id NOT IN (SELECT max(match_id) FROM youtube_matches GROUP BY track_id)`
  yield* sql`DROP INDEX IF EXISTS youtube_matches_track`
  yield* sql`CREATE UNIQUE INDEX youtube_matches_track ON youtube_matches(track_id)`

  yield* sql`CREATE TABLE youtube_candidates (
    track_id INTEGER NOT NULL REFERENCES tracks(track_id) ON DELETE CASCADE,
    video_id TEXT NOT NULL,
    rank INTEGER NOT NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    artists TEXT NOT NULL DEFAULT '[]',
    channel TEXT,
    album TEXT,
    duration_seconds INTEGER,
    score REAL NOT NULL,
    parts TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '[]',
    query TEXT,
    considered_at TEXT NOT NULL,
    PRIMARY KEY (track_id, video_id)
  )`

  yield* sql`CREATE TABLE youtube_unavailable (
    video_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    noted_at TEXT NOT NULL
  )`
})
