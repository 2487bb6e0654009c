import { Effect } from "effect"
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { Analyser, preflight } from "../analysis/Analyser.ts"
import { audioFingerprint } from "../analysis/store.ts"
import { downloadedFile } from "../analysis/trackFile.ts"
import { nowIso } from "../engine/clock.ts"
import * as Step from "../engine/Step.ts"
import { StepError } from "../engine/StepError.ts"
import { fileError, fileStepError, workFolder, writeFilesAtomic } from "../library/files.ts"
import { audioTrackItems, type TrackId } from "../library/trackItems.ts"
import { renderWaveform, samplesPerPixel } from "./render.ts"
import { forgetWaveforms, saveWaveform, waveformDone, waveformPaths } from "./store.ts"


/**
 * Phase 2, per downloaded track: its waveform beside the audio file, as peaks in
 * audiowaveform's JSON (`.waveform.json`, for waveform-data.js and peaks.js) and a picture
 * (`.waveform.png`). It follows the analysis step, which may re-tag the file.
 */
export const waveform = Step.make({
  name: "waveform",
  description: "draw the waveform of downloaded tracks (peaks JSON and a PNG)",
  dependsOn: ["analysis"],
  version: 1,
  concurrency: 2,
  title: "Waveforms",
  items: audioTrackItems,
  done: waveformDone,
  reset: forgetWaveforms,
  inputs: audioFingerprint,
  preflight: preflight("waveform"),
  run: (trackId: TrackId) =>
    Effect.scoped(Effect.gen(function*() {
      const analyser = yield* Analyser
      const tools = yield* Effect.orDie(analyser.tools)
      const { audio, file } = yield* downloadedFile(trackId)
      const paths = waveformPaths(audio.path)
      const folder = yield* Effect.mapError(workFolder(analyser.library, `waveform-${trackId}`), fileStepError)
      const drawn = join(folder, "waveform.png")
      const peaks = yield* renderWaveform(tools.ffmpeg.path, file, drawn).pipe(
        Effect.mapError((error) => StepError.permanent("Undecodable", error.message))
      )
      const picture = yield* Effect.tryPromise({ try: () => readFile(drawn), catch: fileError(drawn, "read") }).pipe(Effect.mapError(fileStepError))
      yield* writeFilesAtomic(analyser.library, [
        { target: join(analyser.library, paths.json), data: JSON.stringify(peaks) },
        { target: join(analyser.library, paths.png), data: picture }
      ]).pipe(Effect.mapError(fileStepError))
      return saveWaveform({
        trackId,
        jsonPath: paths.json,
        pngPath: paths.png,
        samplesPerPixel,
        length: peaks.length,
        audioSha256: audio.sha256,
        madeAt: yield* nowIso
      })
    }))
})
