import { Effect, Option } from "effect"
import type { Essentia, EssentiaFailed } from "./essentia.ts"
import { type DecodeFailed, decodeForAnalysis } from "./decode.ts"
import { camelot, keyName, parseKey } from "./key.ts"
import type { Loudness } from "./loudness.ts"
import { halfOrDouble, roundTempo, tempoFromBeats } from "./tempo.ts"

export interface Tempo {
  readonly bpm: number
  readonly confidence: number
  readonly alternative: number
}

export interface Key {
  readonly name: string
  readonly camelot: string
  readonly strength: number
}

export interface Measurement {
  readonly loudness: Loudness
  /** Undefined without Essentia, or when it heard no beat. */
  readonly tempo: Tempo | undefined
  readonly key: Key | undefined
}

/**
 * One decode of the file: loudness over all of it, then tempo and key of its middle window
 * in an Essentia worker (when essentia.js is installed).
 */
export const measure = (
  ffmpeg: string,
  essentia: Option.Option<Essentia>,
  file: string,
  durationSeconds: number,
  windowSeconds: number
): Effect.Effect<Measurement, DecodeFailed | EssentiaFailed> =>
  Effect.gen(function*() {
    const decoded = yield* decodeForAnalysis(ffmpeg, file, durationSeconds, windowSeconds)
    if (Option.isNone(essentia) || decoded.window.length === 0) return { loudness: decoded.loudness, tempo: undefined, key: undefined }
    const reading = yield* essentia.value.read(decoded.window)
    const bpm = reading.bpm > 0 ? tempoFromBeats(reading.ticks, reading.bpm) : undefined
    const key = parseKey(`${reading.key} ${reading.scale}`)
    return {
      loudness: decoded.loudness,
      tempo: bpm === undefined ? undefined : {
        bpm: roundTempo(bpm),
        confidence: Math.round(reading.confidence * 100) / 100,
        alternative: roundTempo(halfOrDouble(bpm))
      },
      key: key === undefined ? undefined : { name: keyName(key), camelot: camelot(key), strength: Math.round(reading.strength * 1000) / 1000 }
    }
  })
