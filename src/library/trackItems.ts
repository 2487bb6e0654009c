import { Schema } from "effect"
import type { ItemSpace } from "../engine/ItemSpace.ts"

/** A track id of the database (`tracks.track_id`), as checkpoints write it. */
export const TrackId = Schema.NumberFromString.pipe(Schema.int(), Schema.positive(), Schema.brand("TrackId"))
export type TrackId = typeof TrackId.Type

/**
 * The items of steps that work on downloaded audio (analysis, waveforms): tracks with a file
 * (alias `f` for `audio_files`, `t` for the track, `r` for its release, so that a pipeline's
 * release filter applies), in collection order, then tracklist order. `--release-id` picks
 * the tracks of those releases. A track appears as soon as its file is in place, so these
 * steps follow the audio step during a run.
 */
export const audioTrackItems: ItemSpace<TrackId> = {
  name: "track",
  key: TrackId,
  label: (trackId) => `track ${trackId}`,
  table: {
    from: "audio_files f JOIN tracks t ON t.track_id = f.track_id JOIN releases r ON r.release_id = t.release_id",
    column: "f.track_id",
    where: "1",
    orderBy: "(SELECT min(c.date_added) FROM collection_items c WHERE c.release_id = r.release_id) IS NULL, " +
      "(SELECT min(c.date_added) FROM collection_items c WHERE c.release_id = r.release_id), r.release_id, t.sequence",
    selectedBy: "t.release_id"
  }
}
