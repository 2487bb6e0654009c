import { Context, Effect, Layer, Option, Ref } from "effect"
import type { ResolvedConfig } from "../config/Config.ts"
import { StepError } from "../engine/StepError.ts"
import { sweepDeadTemp } from "../library/files.ts"
import { findFfmpeg, findFfprobe, type ToolInfo, type ToolMissing } from "../tools/audioTools.ts"
import { type Essentia, essentiaVersion, makeEssentia } from "./essentia.ts"

export interface MediaTools {
  readonly ffmpeg: ToolInfo
  readonly ffprobe: ToolInfo
}

/** What the analysis and waveform steps share during a run. */
export interface AnalyserService {
  /** ffmpeg and ffprobe (looked up once), or what is missing. */
  readonly tools: Effect.Effect<MediaTools, ToolMissing>
  readonly library: string
  /** Seconds from the middle of a track that tempo and key are measured on (0: all). */
  readonly windowSeconds: number
  /** Essentia for tempo and key; none when essentia.js is not installed. */
  readonly essentia: Option.Option<Essentia>
  /** Whether the run was told that tempo and key are skipped for want of essentia.js. */
  readonly toldEssentiaMissing: Ref.Ref<boolean>
}

export class Analyser extends Context.Tag("crate/Analyser")<Analyser, AnalyserService>() {}

/** Before a step over downloaded files takes any: ffmpeg is there, and dead runs' work folders are gone. */
export const preflight = (step: string) =>
  Effect.gen(function*() {
    const analyser = yield* Analyser
    yield* Effect.mapError(analyser.tools, (missing) => StepError.fatal("ToolMissing", `the ${step} step cannot run: ${missing.message}`))
    yield* sweepDeadTemp(analyser.library)
  })

export const layer = (config: ResolvedConfig): Layer.Layer<Analyser> =>
  Layer.scoped(
    Analyser,
    Effect.gen(function*() {
      const tools = yield* Effect.cached(Effect.flatMap(findFfmpeg(config.tools.ffmpeg), (ffmpeg) =>
        Effect.map(findFfprobe(ffmpeg), (ffprobe) => ({ ffmpeg, ffprobe }))))
      const version = essentiaVersion()
      const essentia = version === undefined ? Option.none() : Option.some(yield* makeEssentia(version))
      const toldEssentiaMissing = yield* Ref.make(false)
      return { tools, library: config.library, windowSeconds: config.analysis.windowSeconds, essentia, toldEssentiaMissing }
    })
  )
