import { Data, Effect } from "effect"
import type { SpawnOptions } from "node:child_process"
import { createRequire } from "node:module"
import type { Flags } from "youtube-dl-exec"

type YoutubeDlExec = typeof import("youtube-dl-exec")

// Loaded from node_modules at run time rather than bundled: its constants module reads
// __dirname when loaded, which the ESM bundle in dist/ does not have.
const youtubeDlExec = (): YoutubeDlExec => createRequire(import.meta.url)("youtube-dl-exec") as YoutubeDlExec

/** The URL as yt-dlp gets it, or undefined when it is not a plain http(s) URL. */
export const checkVideoUrl = (raw: string): string | undefined => {
  if (!URL.canParse(raw)) return undefined
  const url = new URL(raw)
  return (url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "" ? url.href : undefined
}

/** The file yt-dlp writes in its working folder: a fixed name, nothing from the video's title. */
export const outputName = "audio.opus"

/**
 * Best audio, kept as it is when it is already Opus (YouTube's usual audio), otherwise
 * converted to Opus. The output template is relative: yt-dlp runs in the work folder, so the
 * library's path (which may hold `%` or `$`) never reaches yt-dlp's template expansion.
 * youtube-dl-exec turns these into an argument array and puts `--` before the URL.
 */
export const downloadFlags = (ffmpeg: string): Flags => ({
  ignoreConfig: true,
  noPlaylist: true,
  noProgress: true,
  noMtime: true,
  format: "bestaudio[acodec=opus]/bestaudio/best",
  extractAudio: true,
  audioFormat: "opus",
  ffmpegLocation: ffmpeg,
  output: "audio.%(ext)s",
  socketTimeout: 30,
  retries: 3
})

/** The argument list yt-dlp gets for these flags and URL (what youtube-dl-exec passes to spawn). */
export const commandLine = (flags: Flags, url: string): ReadonlyArray<string> =>
  [...(youtubeDlExec() as unknown as { args: (flags: Flags) => Array<string> }).args(flags), "--", url]

export interface YtDlpExit {
  readonly exitCode: number | null
  readonly signal: NodeJS.Signals | null
  readonly stderr: string
}

export class YtDlpNotRunnable extends Data.TaggedError("YtDlpNotRunnable")<{ readonly message: string }> {}

const killGroup = (pid: number | undefined, signal: NodeJS.Signals) => {
  if (pid === undefined) return
  try {
    process.kill(-pid, signal)
  } catch {
    // already gone
  }
}

/**
 * Runs yt-dlp in `cwd` and waits for it. It gets its own process group, so interrupting
 * the effect stops it and the ffmpeg it may have started (TERM, then KILL after 3 s) before
 * the caller's finalizers remove its files.
 */
export const runYtDlp = (binary: string, url: string, flags: Flags, cwd: string): Effect.Effect<YtDlpExit, YtDlpNotRunnable> =>
  Effect.async<YtDlpExit, YtDlpNotRunnable>((resume) => {
    let exited = false
    // `reject: false` (tinyspawn's): a non-zero exit resolves, with stderr, instead of throwing.
    const options: SpawnOptions & { readonly reject: boolean } = { cwd, detached: true, reject: false, stdio: ["ignore", "pipe", "pipe"] }
    const subprocess = youtubeDlExec().create(binary).exec(url, flags, options)
    subprocess.then(
      (result) => {
        exited = true
        resume(Effect.succeed({ exitCode: result.exitCode, signal: result.signalCode, stderr: result.stderr }))
      },
      (error: Error) => {
        exited = true
        resume(Effect.fail(new YtDlpNotRunnable({ message: `cannot run ${binary}: ${error.message}` })))
      }
    )
    return Effect.async<void>((stopped) => {
      if (exited) return stopped(Effect.void)
      const force = setTimeout(() => killGroup(subprocess.pid, "SIGKILL"), 3000)
      subprocess.once("close", () => {
        clearTimeout(force)
        stopped(Effect.void)
      })
      killGroup(subprocess.pid, "SIGTERM")
    })
  })
