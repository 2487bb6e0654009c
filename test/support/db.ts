import Database from "better-sqlite3"

export const query = <T = Record<string, unknown>>(path: string, sql: string, ...params: Array<unknown>): Array<T> => {
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare(sql).all(...params) as Array<T>
  } finally {
    db.close()
  }
}

/**
 * Every Discogs table by natural keys, in a stable order, without timestamps or surrogate
 * ids (a genre's id or a track's id depends on the order releases arrived in): equal dumps
 * mean the same data.
 */
const dumps: Record<string, string> = {
  releases: `SELECT release_id, title, year, country, released, notes, formats, master_id, data_quality, discogs_uri,
    library_path, covers_downloaded, youtube_matched, audio_downloaded FROM releases ORDER BY release_id`,
  artists: "SELECT * FROM artists ORDER BY artist_id",
  release_artists: "SELECT * FROM release_artists ORDER BY release_id, position",
  labels: "SELECT * FROM labels ORDER BY label_id",
  release_labels: "SELECT * FROM release_labels ORDER BY release_id, position",
  release_genres: "SELECT release_id, name FROM release_genres JOIN genres USING (genre_id) ORDER BY release_id, name",
  release_styles: "SELECT release_id, name FROM release_styles JOIN styles USING (style_id) ORDER BY release_id, name",
  tracks: `SELECT release_id, sequence, position, position_key, title, duration_seconds, heading, index_title
    FROM tracks ORDER BY release_id, sequence`,
  track_artists: `SELECT t.release_id, t.position_key, a.position, a.artist_id, a.anv, a.join_phrase, a.role
    FROM track_artists a JOIN tracks t USING (track_id) ORDER BY t.release_id, t.position_key, a.position`,
  images: "SELECT release_id, position, type, uri, width, height FROM images ORDER BY release_id, position",
  videos: "SELECT * FROM videos ORDER BY release_id, position",
  collection_items: `SELECT instance_id, release_id, folder_id, date_added, rating, notes, removed_at IS NOT NULL AS removed
    FROM collection_items ORDER BY instance_id`
}

export const dumpDiscogsData = (path: string): Record<string, Array<unknown>> =>
  Object.fromEntries(Object.entries(dumps).map(([table, sql]) => [table, query(path, sql)]))
