import { Effect, Option, Ref } from "effect"
import { nowIso } from "../engine/clock.ts"
import * as Step from "../engine/Step.ts"
import { StepError } from "../engine/StepError.ts"
import { fileStepError } from "../library/files.ts"
import { audioTrackItems, type TrackId } from "../library/trackItems.ts"
import { Analyser, preflight } from "./Analyser.ts"
import { writeGainTag } from "./gainTag.ts"
import { r128TrackGain } from "./loudness.ts"
import { measure } from "./measure.ts"
import { analysisDone, audioFingerprint, forgetAnalysis, saveAnalysis } from "./store.ts"
import { downloadedFile } from "./trackFile.ts"


/**
 * Phase 2, per downloaded track: tempo (BPM, its confidence and the half/double reading) and
 * key (name and Camelot) from Essentia, loudness (EBU R128 integrated and true peak) from
 * ffmpeg, into `audio_analysis`; the loudness also goes into the file as `R128_TRACK_GAIN`.
 * A track is measured again when its file changes. Without essentia.js (optional, AGPL-3.0)
 * only loudness is measured, and tempo and key follow once it is installed.
 */
export const analysis = Step.make({
  name: "analysis",
  description: "measure tempo, key and loudness of downloaded tracks; tag their R128 gain",
  dependsOn: ["audio"],
  version: 1,
  concurrency: 2,
  title: "Analysis",
  items: audioTrackItems,
  done: analysisDone,
  reset: forgetAnalysis,
  inputs: audioFingerprint,
  preflight: preflight("analysis"),
  run: (trackId: TrackId, context) =>
    Effect.gen(function*() {
      const analyser = yield* Analyser
      const tools = yield* Effect.orDie(analyser.tools)
      const { audio, file } = yield* downloadedFile(trackId)
      const measured = yield* measure(tools.ffmpeg.path, analyser.essentia, file, audio.duration_seconds, analyser.windowSeconds).pipe(
        Effect.mapError((error) => StepError.permanent(error._tag === "DecodeFailed" ? "Undecodable" : "AnalysisFailed", error.message))
      )
      const lufs = measured.loudness.integratedLufs
      const retag = lufs === null ? undefined : yield* writeGainTag(tools, analyser.library, file, `gain-${trackId}`, r128TrackGain(lufs), audio.sha256).pipe(
        Effect.catchTags({
          FileError: (error) => Effect.fail(fileStepError(error)),
          MediaToolFailed: (error) => Effect.fail(StepError.permanent("Retag", error.message))
        })
      )
      if (Option.isNone(analyser.essentia) && !(yield* Ref.getAndSet(analyser.toldEssentiaMissing, true))) {
        yield* context.notice("tempo and key are skipped: essentia.js is not installed (`npm install essentia.js` in crate's folder; it is AGPL-3.0)")
      }
      const essentia = Option.match(analyser.essentia, { onNone: () => "", onSome: (essentia) => `essentia.js ${essentia.version}, ` })
      return saveAnalysis({
        trackId,
        bpm: measured.tempo?.bpm ?? null,
        bpmConfidence: measured.tempo?.confidence ?? null,
        bpmAlternative: measured.tempo?.alternative ?? null,
        key: measured.key?.name ?? null,
        camelot: measured.key?.camelot ?? null,
        keyStrength: measured.key?.strength ?? null,
        loudnessLufs: lufs,
        truePeakDbtp: measured.loudness.truePeakDbtp,
        audioSha256: retag?.sha256 ?? audio.sha256,
        retagged: retag === undefined ? undefined : { fromSha256: audio.sha256, bytes: retag.bytes },
        analyser: `${essentia}ffmpeg ${tools.ffmpeg.version}`,
        analyzedAt: yield* nowIso
      })
    })
})
