import type { SqlClient } from "@effect/sql"
import { fragment } from "../engine/ItemSpace.ts"
import { everything } from "../engine/Step.ts"
import { type ReleaseFilter, releases } from "../library/selectReleases.ts"
import { keyIn, tempoBetween, trackListings, wheelOrder } from "../query/tracks.ts"

export const sortOrders = ["added", "artist", "bpm", "key"] as const
export type SortOrder = (typeof sortOrders)[number]

/** Which downloaded tracks a playlist holds: the pipelines' release filters, plus tempo and key. */
export interface PlaylistFilter extends ReleaseFilter {
  /** A tempo range, both included; a track's half/double reading counts. */
  readonly bpm?: readonly [number, number]
  /** Camelot codes ("8A"); any of them. */
  readonly keys?: ReadonlyArray<string>
}

const addedFirst = "(SELECT min(c.date_added) FROM collection_items c WHERE c.release_id = r.release_id)"
const releaseArtist = "(SELECT lower(coalesce(ra.anv, a.name)) FROM release_artists ra JOIN artists a USING (artist_id) " +
  "WHERE ra.release_id = r.release_id ORDER BY ra.position LIMIT 1)"

const orders: Record<SortOrder, string> = {
  added: `${addedFirst} IS NULL, ${addedFirst}, r.release_id, t.sequence`,
  artist: `${releaseArtist}, r.year, r.release_id, t.sequence`,
  bpm: "a.bpm IS NULL, a.bpm, r.release_id, t.sequence",
  key: `a.camelot IS NULL, ${wheelOrder}, a.bpm, r.release_id, t.sequence`
}

/** The downloaded tracks the filter selects, in the order asked for. */
export const playlistTracks = (filter: PlaylistFilter, sort: SortOrder) =>
  trackListings((sql: SqlClient.SqlClient) => {
    const parts = [sql`f.track_id IS NOT NULL`, fragment(sql, releases(filter).condition, everything)]
    if (filter.bpm !== undefined) parts.push(tempoBetween(sql, ...filter.bpm))
    if (filter.keys !== undefined) parts.push(keyIn(sql, filter.keys))
    return sql.and(parts)
  }, orders[sort])
