import { Schema } from "effect"
import type { ItemSpace } from "../engine/ItemSpace.ts"
import { releaseItems } from "./releaseItems.ts"

/** A track id of the database (`tracks.track_id`), as checkpoints write it. */
export const TrackId = Schema.NumberFromString.pipe(Schema.int(), Schema.positive(), Schema.brand("TrackId"))
export type TrackId = typeof TrackId.Type

/**
 * The items of steps that work on downloaded audio (analysis, waveforms): tracks with a file
 * (alias `f` for `audio_files`, `t` for the track, `r` for its release, so that a pipeline's
 * release filter applies), in collection order, then tracklist order. `--release-id` picks
 * the tracks of those releases. A track appears as soon as its file is in place, so these
 * steps follow the audio step during a run; it leaves while its file is outdated.
 */
export const audioTrackItems: ItemSpace<TrackId> = {
  name: "track",
  key: TrackId,
  label: (trackId) => `track ${trackId}`,
  table: {
    from: "audio_files f JOIN tracks t ON t.track_id = f.track_id JOIN releases r ON r.release_id = t.release_id",
    column: "f.track_id",
    // A file waiting to be replaced (its track was matched to another video since) is not worked on.
    where: "NOT EXISTS (SELECT 1 FROM youtube_matches m WHERE m.match_id = (SELECT max(match_id) FROM youtube_matches WHERE track_id = f.track_id) " +
      "AND m.video_url IS NOT NULL AND m.video_url <> f.video_url)",
    orderBy: `${releaseItems.table!.orderBy}, t.sequence`,
    selectedBy: "t.release_id"
  }
}
