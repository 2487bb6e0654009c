import { Context, Duration, Effect, Layer } from "effect"
import type { ResolvedConfig } from "../config/Config.ts"
import * as Cooldown from "../engine/Cooldown.ts"
import { type AudioTools, findAudioTools, type ToolMissing } from "../tools/audioTools.ts"
import { spaced } from "../engine/spacing.ts"

/**
 * What the audio step's downloads share during one run: the tools (looked up once), the
 * cool-down every download waits for, the polite pace and the number of downloads at once.
 */
export interface AudioDownloaderService {
  readonly tools: Effect.Effect<AudioTools, ToolMissing>
  readonly library: string
  readonly cooldown: Cooldown.Cooldown
  readonly cooldownFor: Duration.Duration
  /** Runs a download when a slot is free, any cool-down is over and the pace allows. */
  readonly slot: <A, E, R>(download: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

export class AudioDownloader extends Context.Tag("crate/AudioDownloader")<AudioDownloader, AudioDownloaderService>() {}

export const layer = (config: ResolvedConfig): Layer.Layer<AudioDownloader> =>
  Layer.scoped(
    AudioDownloader,
    Effect.gen(function*() {
      const tools = yield* Effect.cached(findAudioTools(config.tools))
      const cooldown = yield* Cooldown.make
      const slots = yield* Effect.makeSemaphore(config.audio.downloadsAtOnce)
      const pace = yield* spaced(Duration.seconds(config.audio.sleepSeconds))
      return {
        tools,
        library: config.library,
        cooldown,
        cooldownFor: Duration.decode(config.audio.cooldown),
        slot: (download) => slots.withPermits(1)(Effect.zipRight(Effect.zipRight(cooldown.wait, pace), download))
      }
    })
  )
