import { Data, Effect } from "effect"
import { spawn } from "node:child_process"

/** The URL as yt-dlp gets it, or undefined when it is not a plain http(s) URL. */
export const checkVideoUrl = (raw: string): string | undefined => {
  if (!URL.canParse(raw)) return undefined
  const url = new URL(raw)
  return (url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "" ? url.href : undefined
}

/** The file yt-dlp writes in its working folder: a fixed name, nothing from the video's title. */
export const outputName = "audio.opus"

/** What the user's setup adds to every download: the JavaScript runtime, and what gets past YouTube's bot checks. */
export interface YtDlpSession {
  /** `node:/path/to/node`, for a yt-dlp that supports `--js-runtimes`; null for an older one. */
  readonly jsRuntime: string | null
  readonly cookies: string | null
  readonly cookiesFromBrowser: string | null
  readonly extraArgs: ReadonlyArray<string>
}

/**
 * Best audio, kept as it is when it is already Opus (YouTube's usual audio), otherwise
 * converted to Opus. The output template is relative: yt-dlp runs in the work folder, so the
 * library's path (which may hold `%` or `$`) never reaches yt-dlp's template expansion.
 * Written out rather than built from an options object: every argument yt-dlp gets is here,
 * and nothing in it comes from a title or a URL (the URL comes after `--`, see commandLine).
 */
export const downloadArgs = (ffmpeg: string, proxy: string, session: YtDlpSession): ReadonlyArray<string> => [
  "--ignore-config",
  // Every request yt-dlp makes, redirects included, goes through crate's checking proxy.
  "--proxy", proxy,
  "--no-playlist",
  "--no-progress",
  "--no-mtime",
  "--format", "bestaudio[acodec=opus]/bestaudio/best",
  "--extract-audio",
  "--audio-format", "opus",
  "--ffmpeg-location", ffmpeg,
  "--output", "audio.%(ext)s",
  "--socket-timeout", "30",
  "--retries", "3",
  ...(session.jsRuntime === null ? [] : ["--js-runtimes", session.jsRuntime]),
  ...(session.cookies === null ? [] : ["--cookies", session.cookies]),
  ...(session.cookiesFromBrowser === null ? [] : ["--cookies-from-browser", session.cookiesFromBrowser]),
  ...session.extraArgs
]

/** The argument list yt-dlp gets: the options, then `--` and the URL, so that nothing in it is read as an option. */
export const commandLine = (args: ReadonlyArray<string>, url: string): ReadonlyArray<string> => [...args, "--", url]

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
export const runYtDlp = (binary: string, url: string, args: ReadonlyArray<string>, cwd: string): Effect.Effect<YtDlpExit, YtDlpNotRunnable> =>
  Effect.async<YtDlpExit, YtDlpNotRunnable>((resume) => {
    let exited = false
    const subprocess = spawn(binary, commandLine(args, url), { cwd, detached: true, stdio: ["ignore", "ignore", "pipe"] })
    const stderr: Array<Buffer> = []
    subprocess.stderr.on("data", (chunk: Buffer) => stderr.push(chunk))
    subprocess.once("error", (error) => {
      exited = true
      resume(Effect.fail(new YtDlpNotRunnable({ message: `cannot run ${binary}: ${error.message}` })))
    })
    subprocess.once("close", (exitCode, signal) => {
      if (exited) return
      exited = true
      resume(Effect.succeed({ exitCode, signal, stderr: Buffer.concat(stderr).toString("utf8") }))
    })
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
