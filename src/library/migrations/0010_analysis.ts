import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * The analysis and waveform steps' enrichment. `audio_analysis` (from 0001, filled by
 * `crate migrate` with the old layout's bpm and key) gains what the analysis step measures;
 * `audio_sha256` is the file a row was measured on, so a new download is analysed again.
 * A row without it (imported) is kept until the step measures the track.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  for (
    const column of [
      "bpm_confidence REAL",
      "bpm_alternative REAL",
      "camelot TEXT",
      "key_strength REAL",
      "loudness_lufs REAL",
      "true_peak_dbtp REAL",
      "audio_sha256 TEXT",
      "analyser TEXT"
    ]
  ) yield* sql.unsafe(`ALTER TABLE audio_analysis ADD COLUMN ${column}`)
  yield* sql`CREATE INDEX audio_analysis_track ON audio_analysis(track_id)`
  yield* sql`CREATE INDEX audio_analysis_bpm ON audio_analysis(bpm)`

  // Peaks (audiowaveform's JSON) and a picture beside the audio file, paths relative to the library.
  yield* sql`CREATE TABLE waveforms (
    track_id INTEGER PRIMARY KEY REFERENCES tracks(track_id) ON DELETE CASCADE,
    json_path TEXT NOT NULL,
    png_path TEXT NOT NULL,
    samples_per_pixel INTEGER NOT NULL,
    length INTEGER NOT NULL,
    audio_sha256 TEXT NOT NULL,
    made_at TEXT NOT NULL
  )`
})
