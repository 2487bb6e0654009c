import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * Phase 1 tables (Discogs data, the source of truth) and the enrichment tables phase 2
 * fills. Table and column names are a public interface: users query the file with SQL.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  yield* sql`CREATE TABLE releases (
    release_id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    year INTEGER,
    country TEXT,
    released TEXT,
    notes TEXT,
    formats TEXT NOT NULL DEFAULT '[]',
    master_id INTEGER,
    data_quality TEXT,
    discogs_uri TEXT,
    discogs_synced_at TEXT,
    library_path TEXT,
    covers_downloaded INTEGER NOT NULL DEFAULT 0,
    youtube_matched INTEGER NOT NULL DEFAULT 0,
    audio_downloaded INTEGER NOT NULL DEFAULT 0
  )`

  yield* sql`CREATE TABLE artists (
    artist_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
  )`
  yield* sql`CREATE TABLE release_artists (
    release_id INTEGER NOT NULL REFERENCES releases(release_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    artist_id INTEGER NOT NULL REFERENCES artists(artist_id),
    anv TEXT,
    join_phrase TEXT,
    role TEXT,
    PRIMARY KEY (release_id, position)
  )`
  yield* sql`CREATE INDEX release_artists_artist ON release_artists(artist_id)`

  yield* sql`CREATE TABLE labels (
    label_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
  )`
  yield* sql`CREATE TABLE release_labels (
    release_id INTEGER NOT NULL REFERENCES releases(release_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label_id INTEGER NOT NULL REFERENCES labels(label_id),
    catno TEXT,
    PRIMARY KEY (release_id, position)
  )`
  yield* sql`CREATE INDEX release_labels_label ON release_labels(label_id)`

  yield* sql`CREATE TABLE genres (genre_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)`
  yield* sql`CREATE TABLE release_genres (
    release_id INTEGER NOT NULL REFERENCES releases(release_id) ON DELETE CASCADE,
    genre_id INTEGER NOT NULL REFERENCES genres(genre_id),
    PRIMARY KEY (release_id, genre_id)
  )`
  yield* sql`CREATE TABLE styles (style_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)`
  yield* sql`CREATE TABLE release_styles (
    release_id INTEGER NOT NULL REFERENCES releases(release_id) ON DELETE CASCADE,
    style_id INTEGER NOT NULL REFERENCES styles(style_id),
    PRIMARY KEY (release_id, style_id)
  )`

  // A track has no Discogs id: (release_id, position) is its identity, so a re-sync
  // updates the row in place and enrichments keep pointing at the same track_id.
  // position_key is the position, or "#<sequence>" when Discogs left it empty or repeated it.
  yield* sql`CREATE TABLE tracks (
    track_id INTEGER PRIMARY KEY,
    release_id INTEGER NOT NULL REFERENCES releases(release_id) ON DELETE CASCADE,
    sequence INTEGER NOT NULL,
    position TEXT NOT NULL,
    position_key TEXT NOT NULL,
    title TEXT NOT NULL,
    duration_seconds INTEGER,
    heading TEXT,
    index_title TEXT,
    UNIQUE (release_id, position_key)
  )`
  yield* sql`CREATE TABLE track_artists (
    track_id INTEGER NOT NULL REFERENCES tracks(track_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    artist_id INTEGER NOT NULL REFERENCES artists(artist_id),
    anv TEXT,
    join_phrase TEXT,
    role TEXT,
    PRIMARY KEY (track_id, position)
  )`

  yield* sql`CREATE TABLE images (
    release_id INTEGER NOT NULL REFERENCES releases(release_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    type TEXT NOT NULL,
    uri TEXT NOT NULL,
    width INTEGER,
    height INTEGER,
    PRIMARY KEY (release_id, position)
  )`
  yield* sql`CREATE TABLE videos (
    release_id INTEGER NOT NULL REFERENCES releases(release_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    uri TEXT NOT NULL,
    title TEXT,
    description TEXT,
    duration_seconds INTEGER,
    PRIMARY KEY (release_id, position)
  )`

  // One row per owned copy: the same release can be owned twice (two instance ids).
  yield* sql`CREATE TABLE collection_items (
    instance_id INTEGER PRIMARY KEY,
    release_id INTEGER NOT NULL,
    folder_id INTEGER NOT NULL,
    date_added TEXT,
    rating INTEGER NOT NULL DEFAULT 0,
    notes TEXT,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    removed_at TEXT
  )`
  yield* sql`CREATE INDEX collection_items_release ON collection_items(release_id)`

  // Enrichment (phase 2). Created empty here; their steps fill them.
  yield* sql`CREATE TABLE youtube_matches (
    match_id INTEGER PRIMARY KEY,
    track_id INTEGER NOT NULL REFERENCES tracks(track_id) ON DELETE CASCADE,
    video_id TEXT,
    video_url TEXT,
    video_title TEXT,
    channel TEXT,
    video_duration INTEGER,
    score REAL,
    source TEXT,
    matched_at TEXT
  )`
  yield* sql`CREATE INDEX youtube_matches_track ON youtube_matches(track_id)`
  yield* sql`CREATE TABLE audio_analysis (
    analysis_id INTEGER PRIMARY KEY,
    track_id INTEGER NOT NULL REFERENCES tracks(track_id) ON DELETE CASCADE,
    bpm REAL,
    key TEXT,
    analyzed_at TEXT
  )`
})
