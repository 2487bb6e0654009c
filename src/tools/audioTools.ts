import { Effect, Either } from "effect"
import { dirname, join } from "node:path"
import { packageRoot } from "../packageRoot.ts"
import { everyOnPath, findTool, isExecutableFile, lookOnPath, ToolMissing, toolAt, type ToolInfo } from "./findTool.ts"

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

const ytDlpSpec = (configured: string | null) => ({
  name: "yt-dlp",
  configured,
  setting: "CRATE_YTDLP (or tools.ytDlp in pipeline.config.ts)",
  versionArgs: ["--version"],
  parseVersion: ytDlpVersion,
  install: installHint
})

/** Where youtube-dl-exec puts the yt-dlp it downloads on install (only where its postinstall was allowed to run). */
export const youtubeDlExecYtDlp = join(packageRoot, "node_modules", "youtube-dl-exec", "bin", "yt-dlp")

/**
 * The yt-dlp to use: the configured one; else, of every yt-dlp on PATH and youtube-dl-exec's
 * own download, the newest (YouTube keeps changing, and an old copy early on PATH is common:
 * a distribution's package beside a pipx install). The others are named in `others`.
 */
export const findYtDlp = (configured: string | null, pathVariable = process.env.PATH, bundled = youtubeDlExecYtDlp) =>
  Effect.gen(function*() {
    const spec = ytDlpSpec(configured)
    if (configured !== null) return yield* findTool(spec, pathVariable)
    const candidates = [
      ...everyOnPath("yt-dlp", pathVariable).map((path) => ({ path, source: "PATH" })),
      ...(isExecutableFile(bundled) ? [{ path: bundled, source: "youtube-dl-exec" }] : [])
    ]
    if (candidates.length === 0) return yield* findTool(spec, pathVariable)
    const tried = yield* Effect.forEach(candidates, (candidate) => Effect.either(toolAt(spec, candidate.path, candidate.source)))
    const working = tried.flatMap((result) => (Either.isRight(result) ? [result.right] : []))
    const refused = tried.flatMap((result) => (Either.isLeft(result) ? [result.left] : []))
    if (working.length === 0) return yield* Effect.fail(refused[0]!)
    // Versions are dates, "2025.11.12" or nightly "2025.11.12.232843": as text they sort in time order.
    const newest = working.reduce((best, next) => (next.version > best.version ? next : best))
    const others = working.filter((tool) => tool !== newest).map((tool) => `${tool.version} at ${tool.path}`)
    return others.length === 0 ? newest : { ...newest, others }
  })

/**
 * The first yt-dlp release that runs YouTube's JavaScript challenges through an outside
 * runtime (`--js-runtimes`): older ones cannot download from YouTube any more (yt-dlp issue 15012).
 */
export const jsRuntimesSince = "2025.11.12"

export const supportsJsRuntimes = (ytDlp: ToolInfo): boolean => ytDlp.version >= jsRuntimesSince

/** The JavaScript runtime crate gives yt-dlp: the Node.js running crate (yt-dlp's default, Deno, is rarely installed). */
export const jsRuntimeFor = (ytDlp: ToolInfo): string | null => (supportsJsRuntimes(ytDlp) ? `node:${process.execPath}` : null)

export const currentYtDlpHint =
  "install a current one (`pipx install yt-dlp`, `brew install yt-dlp`, or the standalone binary from https://github.com/yt-dlp/yt-dlp/releases/latest) " +
  "and put it first on PATH or set CRATE_YTDLP to it"

/** Why this yt-dlp cannot download from YouTube itself, for doctor and the audio step's preflight. */
export const tooOldForYouTube = (ytDlp: ToolInfo): string =>
  `yt-dlp ${ytDlp.version} (${ytDlp.path}) cannot download from YouTube today: it needs ${jsRuntimesSince} or newer, which runs YouTube's JavaScript; ${currentYtDlpHint}`

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
