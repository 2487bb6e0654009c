import { Context, Duration, Effect, Layer, Scope } from "effect"
import type { ResolvedConfig } from "../config/Config.ts"
import * as Cooldown from "../engine/Cooldown.ts"
import { type AudioTools, findAudioTools, jsRuntimeFor, type ToolInfo, type ToolMissing } from "../tools/audioTools.ts"
import type { YtDlpSession } from "./ytDlp.ts"
import { refuseUrl } from "../config/urlPolicy.ts"
import { spaced } from "../engine/spacing.ts"
import { startPolicyProxy } from "./policyProxy.ts"

/**
 * What the audio step's downloads share during one run: the tools (looked up once), the
 * cool-down every download waits for, the polite pace and the number of downloads at once.
 */
export interface AudioDownloaderService {
  readonly tools: Effect.Effect<AudioTools, ToolMissing>
  /** The loopback proxy yt-dlp goes through, which checks every hop against network.allowedHosts (started on first use). */
  readonly proxy: Effect.Effect<string>
  readonly library: string
  /** The audio files' name template (audio.fileName). */
  readonly fileName: string
  readonly cooldown: Cooldown.Cooldown
  readonly cooldownFor: Duration.Duration
  /** What every download of this yt-dlp gets besides the URL: its JavaScript runtime and the user's cookies and options. */
  readonly session: (ytDlp: ToolInfo) => YtDlpSession
  /** Runs a download when a slot is free, any cool-down is over and the pace allows. */
  readonly slot: <A, E, R>(download: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

export class AudioDownloader extends Context.Tag("crate/AudioDownloader")<AudioDownloader, AudioDownloaderService>() {}

export const layer = (config: ResolvedConfig): Layer.Layer<AudioDownloader> =>
  Layer.scoped(
    AudioDownloader,
    Effect.gen(function*() {
      const tools = yield* Effect.cached(findAudioTools(config.tools))
      const scope = yield* Effect.scope
      const proxy = yield* Effect.cached(Scope.extend(startPolicyProxy((url) => refuseUrl(config, url)), scope))
      const cooldown = yield* Cooldown.make
      const slots = yield* Effect.makeSemaphore(config.audio.downloadsAtOnce)
      const pace = yield* spaced(Duration.seconds(config.audio.sleepSeconds))
      return {
        tools,
        proxy,
        library: config.library,
        fileName: config.audio.fileName,
        cooldown,
        cooldownFor: Duration.decode(config.audio.cooldown),
        session: (ytDlp) => ({
          jsRuntime: jsRuntimeFor(ytDlp),
          cookies: config.audio.cookies,
          cookiesFromBrowser: config.audio.cookiesFromBrowser,
          extraArgs: config.audio.ytDlpArgs
        }),
        slot: (download) => slots.withPermits(1)(Effect.zipRight(Effect.zipRight(cooldown.wait, pace), download))
      }
    })
  )
