import { execFile } from "node:child_process"
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
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
// The stretches encoded so far, by ffmpeg source: a demo serving a beat at many lengths encodes each beat once.
const encoded = new Map<string, Promise<Buffer>>()

const encode = (ffmpeg: string, source: string, compact: boolean) => {
  const key = `${ffmpeg} ${source} ${compact}`
  let bytes = encoded.get(key)
  if (bytes === undefined) {
    encoded.set(key, bytes = (async () => {
      const dir = await mkdtemp(join(tmpdir(), "crate-tone-"))
      try {
        const base = join(dir, "base.webm")
        await ffmpegRun(ffmpeg, ["-f", "lavfi", "-i", source, "-c:a", "libopus", ...(compact ? ["-ac", "1", "-b:a", "16k"] : []), base])
        return await readFile(base)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    })())
  }
  return bytes
}

export const makeTone = async (options: {
  readonly seconds?: number
  readonly frequency?: number
  /** Clicks over a chord instead of a sine: music of a known tempo and key. */
  readonly beat?: { readonly bpm: number; readonly chord: ReadonlyArray<number> }
  readonly ffmpeg?: string
} = {}) => {
  const seconds = options.seconds ?? 8
  const ffmpeg = options.ffmpeg ?? "ffmpeg"
  // A looped beat stays in time: the stretch encoded is whole beats long.
  const stretch = options.beat === undefined
    ? Math.min(seconds, encodedSeconds)
    : Math.min(seconds, Math.max(1, Math.round((encodedSeconds * options.beat.bpm) / 60)) * 60 / options.beat.bpm)
  const source = options.beat === undefined
    ? `sine=frequency=${options.frequency ?? 440}:duration=${stretch}`
    : beatSource({ ...options.beat, seconds: stretch })
  const bytes = await encode(ffmpeg, source, seconds > encodedSeconds)
  if (seconds <= stretch) return bytes
  const dir = await mkdtemp(join(tmpdir(), "crate-tone-"))
  try {
    const base = join(dir, "base.webm")
    await writeFile(base, bytes)
    const looped = join(dir, "tone.webm")
    await ffmpegRun(ffmpeg, ["-stream_loop", "-1", "-i", base, "-t", String(seconds), "-c", "copy", looped])
    return await readFile(looped)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export interface Beat {
  /** Clicks at this tempo. */
  readonly bpm: number
  /** A chord held under the clicks, in Hz (a triad names a key). */
  readonly chord: ReadonlyArray<number>
  readonly seconds: number
  /** Output format by file name: `.opus`, `.webm`. */
  readonly file: string
  readonly ffmpeg?: string
}

/**
 * Music with a known tempo and key, made with ffmpeg: a short decaying click on every beat
 * over a held chord. The click pattern is whole beats long however long the file.
 */
export const writeBeat = (beat: Beat) =>
  ffmpegRun(beat.ffmpeg ?? "ffmpeg", [
    "-f", "lavfi", "-i", beatSource(beat), "-t", String(beat.seconds), "-c:a", "libopus", "-b:a", "64k", beat.file
  ])

export const beatSource = (beat: Omit<Beat, "file" | "ffmpeg">) => {
  const period = 60 / beat.bpm
  const chord = beat.chord.map((hz) => `sin(2*PI*${hz}*t)`).join("+")
  const click = `if(lt(mod(t\\,${period})\\,0.03)\\,0.8*sin(2*PI*1500*t)*exp(-80*mod(t\\,${period}))\\,0)`
  return `aevalsrc='${click}+${(0.5 / Math.max(1, beat.chord.length)).toFixed(3)}*(${chord || "0"})':s=44100:d=${beat.seconds}`
}
