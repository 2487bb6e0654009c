import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import type { TrackId } from "../library/trackItems.ts"

/** A track's waveform is done when it was drawn from the file the track has now. */
export const waveformDone = "EXISTS (SELECT 1 FROM waveforms w WHERE w.track_id = f.track_id AND w.audio_sha256 = f.sha256)"

export interface Waveform {
  readonly trackId: TrackId
  /** Relative to the library, beside the audio file. */
  readonly jsonPath: string
  readonly pngPath: string
  readonly samplesPerPixel: number
  readonly length: number
  readonly audioSha256: string
  readonly madeAt: string
}

export const saveWaveform = (waveform: Waveform) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`INSERT INTO waveforms (track_id, json_path, png_path, samples_per_pixel, length, audio_sha256, made_at)
      VALUES (${waveform.trackId}, ${waveform.jsonPath}, ${waveform.pngPath}, ${waveform.samplesPerPixel}, ${waveform.length},
        ${waveform.audioSha256}, ${waveform.madeAt})
      ON CONFLICT (track_id) DO UPDATE SET json_path = excluded.json_path, png_path = excluded.png_path,
        samples_per_pixel = excluded.samples_per_pixel, length = excluded.length, audio_sha256 = excluded.audio_sha256,
        made_at = excluded.made_at`)

/** The next run draws these tracks' waveforms again (the files are replaced then). */
export const forgetWaveforms = (trackIds: ReadonlyArray<TrackId>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`DELETE FROM waveforms WHERE track_id IN (SELECT value FROM json_each(${JSON.stringify(trackIds)}))`)

/** `Artist - Title.opus` → `Artist - Title.waveform.json` and `.waveform.png`. */
export const waveformPaths = (audioPath: string) => {
  const base = audioPath.replace(/\.[^./]+$/, "")
  return { json: `${base}.waveform.json`, png: `${base}.waveform.png` }
}
