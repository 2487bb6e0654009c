import { Schema } from "effect"
import type { ItemSpace } from "../engine/ItemSpace.ts"

/** A Discogs release id, as checkpoints and `--release-id` write it. */
export const ReleaseId = Schema.NumberFromString.pipe(Schema.int(), Schema.positive(), Schema.brand("ReleaseId"))
export type ReleaseId = typeof ReleaseId.Type

/**
 * The items of phase 2 and of most user steps: synced releases (alias `r` in conditions), in
 * collection order, the oldest addition first, releases outside the collection last.
 */
export const releaseItems: ItemSpace<ReleaseId> = {
  name: "release",
  key: ReleaseId,
  label: (releaseId) => `release ${releaseId}`,
  table: {
    from: "releases r",
    column: "r.release_id",
    where: "r.discogs_synced_at IS NOT NULL",
    orderBy: "(SELECT min(c.date_added) FROM collection_items c WHERE c.release_id = r.release_id) IS NULL, " +
      "(SELECT min(c.date_added) FROM collection_items c WHERE c.release_id = r.release_id), r.release_id"
  }
}
