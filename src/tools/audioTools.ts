import { Effect, Either } from "effect"
import { dirname } from "node:path"
import { findTool, lookOnPath, ToolMissing, type ToolInfo } from "./findTool.ts"

/** The programs the audio step runs. */
export interface AudioTools {
  readonly ytDlp: ToolInfo
  readonly ffmpeg: ToolInfo
  readonly ffprobe: ToolInfo
}

/** Explicit binaries from the configuration (`tools.*`, overridden by CRATE_YTDLP / CRATE_FFMPEG); null: look on PATH. */
export interface ToolSettings {
  readonly ytDlp: string | null
  readonly ffmpeg: string | null
}

export const installHint = "`apt-get install yt-dlp ffmpeg` or `brew install yt-dlp ffmpeg`"

// "2023.03.04" (Debian), "2025.06.30" or "2025.06.30.232843" (nightly)
const ytDlpVersion = (output: string) => /^\s*(\d{4}\.\d{2}\.\d{2}(?:\.\d+)?)\s*$/m.exec(output)?.[1]
const ffVersion = (program: string) => (output: string) => new RegExp(`^${program} version (\\S+)`, "m").exec(output)?.[1]

export const findYtDlp = (configured: string | null, pathVariable = process.env.PATH) => {
  return findTool({
    name: "yt-dlp",
    configured,
    setting: "CRATE_YTDLP (or tools.ytDlp in pipeline.config.ts)",
    versionArgs: ["--version"],
    parseVersion: ytDlpVersion,
    install: installHint
  }, pathVariable)
}

export const findFfmpeg = (configured: string | null, pathVariable = process.env.PATH) =>
  findTool({
    name: "ffmpeg",
    configured,
    setting: "CRATE_FFMPEG (or tools.ffmpeg in pipeline.config.ts)",
    versionArgs: ["-version"],
    parseVersion: ffVersion("ffmpeg"),
    install: installHint
  }, pathVariable)

/** ffprobe comes with ffmpeg: the one next to the ffmpeg in use, else the one on PATH. */
export const findFfprobe = (ffmpeg: ToolInfo, pathVariable = process.env.PATH) =>
  findTool({
    name: "ffprobe",
    configured: lookOnPath("ffprobe", dirname(ffmpeg.path)) ?? null,
    setting: "CRATE_FFMPEG (ffprobe is looked for next to it)",
    versionArgs: ["-version"],
    parseVersion: ffVersion("ffprobe"),
    install: installHint
  }, pathVariable)

/**
 * yt-dlp, ffmpeg and ffprobe with their versions, or one line naming every missing one and
 * how to install it. `crate doctor` shows the same lookup.
 */
export const findAudioTools = (settings: ToolSettings, pathVariable = process.env.PATH): Effect.Effect<AudioTools, ToolMissing> =>
  Effect.gen(function*() {
    const [ytDlp, ffmpeg] = yield* Effect.all([findYtDlp(settings.ytDlp, pathVariable), findFfmpeg(settings.ffmpeg, pathVariable)], {
      mode: "either",
      concurrency: 2
    })
    const ffprobe = Either.isRight(ffmpeg) ? yield* Effect.either(findFfprobe(ffmpeg.right, pathVariable)) : undefined
    const missing = [ytDlp, ffmpeg, ffprobe].flatMap((result) => (result !== undefined && Either.isLeft(result) ? [result.left] : []))
    if (missing.length > 0) {
      return yield* new ToolMissing({
        tool: missing.map((error) => error.tool).join(", "),
        message: missing.map((error) => error.message).join("; ")
      })
    }
    return { ytDlp: Either.getOrThrow(ytDlp), ffmpeg: Either.getOrThrow(ffmpeg), ffprobe: Either.getOrThrow(ffprobe!) }
  })

export { ToolMissing }
export type { ToolInfo }
