import { Data, Effect } from "effect"
import { streamOutput } from "../tools/ffmpeg.ts"
import { type Loudness, parseEbur128 } from "./loudness.ts"

/** ffmpeg could not decode an audio file. */
export class DecodeFailed extends Data.TaggedError("DecodeFailed")<{ readonly message: string }> {}

/** The rate Essentia's tempo and key extractors are made for. */
export const analysisRate = 44_100

export interface Decoded {
  /** Mono samples of the analysis window. */
  readonly window: Float32Array
  /** Measured over the whole file. */
  readonly loudness: Loudness
}

/** Which seconds of a track of `duration` seconds are analysed: the middle `windowSeconds` (0: all). */
export const windowOf = (duration: number, windowSeconds: number): { readonly start: number; readonly seconds: number } =>
  windowSeconds <= 0 || duration <= windowSeconds ? { start: 0, seconds: duration } : { start: (duration - windowSeconds) / 2, seconds: windowSeconds }

/**
 * Decodes `file` once, streaming: ffmpeg's ebur128 filter measures the whole track on the
 * way, and only the samples of the analysis window are kept (mono float at 44.1 kHz), so a
 * long track costs no more memory than its window.
 */
export const decodeForAnalysis = (ffmpeg: string, file: string, durationSeconds: number, windowSeconds: number) =>
  Effect.suspend(() => {
    const { start, seconds } = windowOf(durationSeconds, windowSeconds)
    const first = Math.floor(start * analysisRate)
    // A little room: the recorded duration is rounded.
    let window = new Float32Array(Math.ceil((seconds + 1) * analysisRate))
    let kept = 0
    let seen = 0
    let carry = Buffer.alloc(0)
    const keep = (chunk: Buffer) => {
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk
      const whole = bytes.length - (bytes.length % 4)
      carry = Buffer.from(bytes.subarray(whole))
      for (let offset = 0; offset < whole; offset += 4, seen++) {
        if (seen < first) continue
        if (kept === window.length) {
          if (windowSeconds > 0 && durationSeconds > windowSeconds) continue
          const larger = new Float32Array(window.length * 2)
          larger.set(window)
          window = larger
        }
        window[kept++] = bytes.readFloatLE(offset)
      }
    }
    return streamOutput(ffmpeg, [
      "-nostdin", "-hide_banner", "-nostats",
      "-i", `file:${file}`,
      "-af", "ebur128=peak=true:framelog=verbose",
      "-ac", "1", "-ar", String(analysisRate), "-f", "f32le", "pipe:1"
    ], keep).pipe(
      Effect.mapError((error) => new DecodeFailed({ message: error.message })),
      Effect.flatMap(({ code, stderr }): Effect.Effect<Decoded, DecodeFailed> => {
        const loudness = parseEbur128(stderr)
        if (code === 0 && loudness !== undefined) return Effect.succeed({ window: window.subarray(0, kept), loudness })
        // The summary's own lines are indented: the error is the last line that is not.
        const why = stderr.trim().split("\n").filter((line) => !line.startsWith(" ")).at(-1) ?? `exit status ${code}`
        return Effect.fail(new DecodeFailed({ message: `ffmpeg cannot decode ${file}: ${why}` }))
      })
    )
  })
