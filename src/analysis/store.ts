import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import type { Condition } from "../engine/ItemSpace.ts"
import type { TrackId } from "../library/trackItems.ts"
import { essentiaVersion } from "./essentia.ts"

/**
 * A track's analysis is done when it has a row measured on the file it has now. With
 * essentia.js installed, a row measured without it (loudness only) is not enough: tempo and
 * key are still to come.
 */
export const analysisDone: Condition = (sql) =>
  sql.literal(`EXISTS (SELECT 1 FROM audio_analysis a WHERE a.track_id = f.track_id AND a.audio_sha256 = f.sha256
    ${essentiaVersion() === undefined ? "" : "AND a.analyser LIKE 'essentia%'"})`)

export interface TrackAudio {
  readonly release_id: number
  readonly path: string
  readonly sha256: string
  readonly duration_seconds: number
}

export const trackAudio = (trackId: TrackId) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(sql<TrackAudio>`SELECT t.release_id, f.path, f.sha256, f.duration_seconds
      FROM audio_files f JOIN tracks t USING (track_id) WHERE f.track_id = ${trackId}`, (rows) => rows[0]))

/** The analysis step's fingerprint of a track: its file. A track that failed for good is tried again once it is downloaded anew. */
export const audioFingerprint = (trackId: TrackId) => Effect.map(trackAudio(trackId), (audio) => audio?.sha256 ?? "")

export interface Analysis {
  readonly trackId: TrackId
  readonly bpm: number | null
  readonly bpmConfidence: number | null
  readonly bpmAlternative: number | null
  /** "A minor". */
  readonly key: string | null
  /** "8A". */
  readonly camelot: string | null
  readonly keyStrength: number | null
  readonly loudnessLufs: number | null
  readonly truePeakDbtp: number | null
  /** The file measured; when the gain tag was written, the file as it is now. */
  readonly audioSha256: string
  /** Set when the gain tag changed the file: what it was, and its new size. */
  readonly retagged: { readonly fromSha256: string; readonly bytes: number } | undefined
  /** "essentia.js 0.1.3, ffmpeg 5.1.9", or "ffmpeg 5.1.9" without Essentia. */
  readonly analyser: string
  readonly analyzedAt: string
}

/** One row per track: the new measurement replaces any earlier one (an imported one too). */
export const saveAnalysis = (analysis: Analysis) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`DELETE FROM audio_analysis WHERE track_id = ${analysis.trackId}`
    yield* sql`INSERT INTO audio_analysis (track_id, bpm, bpm_confidence, bpm_alternative, key, camelot, key_strength,
        loudness_lufs, true_peak_dbtp, audio_sha256, analyser, analyzed_at)
      VALUES (${analysis.trackId}, ${analysis.bpm}, ${analysis.bpmConfidence}, ${analysis.bpmAlternative}, ${analysis.key},
        ${analysis.camelot}, ${analysis.keyStrength}, ${analysis.loudnessLufs}, ${analysis.truePeakDbtp},
        ${analysis.audioSha256}, ${analysis.analyser}, ${analysis.analyzedAt})`
    if (analysis.retagged !== undefined) {
      yield* sql`UPDATE audio_files SET sha256 = ${analysis.audioSha256}, bytes = ${analysis.retagged.bytes}
        WHERE track_id = ${analysis.trackId} AND sha256 = ${analysis.retagged.fromSha256}`
    }
  })

/** The next run measures these tracks again (imported rows, which the step never measured, stay). */
export const forgetAnalysis = (trackIds: ReadonlyArray<TrackId>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`DELETE FROM audio_analysis WHERE audio_sha256 IS NOT NULL AND track_id IN (SELECT value FROM json_each(${JSON.stringify(trackIds)}))`)
