import { execFile } from "node:child_process"
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"

const ffmpegRun = (ffmpeg: string, args: ReadonlyArray<string>) =>
  new Promise<void>((resolve, reject) =>
    execFile(ffmpeg, ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", ...args], (error) => (error ? reject(error) : resolve())))

/** Longest stretch actually encoded; longer tones repeat it without re-encoding (a 6-minute tone takes 0.1 s). */
const encodedSeconds = 10

/**
 * A sine tone as Opus in WebM (what YouTube serves as audio), made with ffmpeg:
 * `ffmpeg -f lavfi -i "sine=frequency=440:duration=8" -c:a libopus tone.webm` is 80 kB.
 * Written to a file rather than a pipe, so that the WebM header carries the duration.
 */
export const makeTone = async (options: { readonly seconds?: number; readonly frequency?: number; readonly ffmpeg?: string } = {}) => {
  const seconds = options.seconds ?? 8
  const ffmpeg = options.ffmpeg ?? "ffmpeg"
  const dir = await mkdtemp(join(tmpdir(), "crate-tone-"))
  try {
    const base = join(dir, "base.webm")
    await ffmpegRun(ffmpeg, [
      "-f", "lavfi", "-i", `sine=frequency=${options.frequency ?? 440}:duration=${Math.min(seconds, encodedSeconds)}`,
      "-c:a", "libopus", ...(seconds > encodedSeconds ? ["-ac", "1", "-b:a", "16k"] : []), base
    ])
    if (seconds <= encodedSeconds) return await readFile(base)
    const looped = join(dir, "tone.webm")
    await ffmpegRun(ffmpeg, ["-stream_loop", "-1", "-i", base, "-t", String(seconds), "-c", "copy", looped])
    return await readFile(looped)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
