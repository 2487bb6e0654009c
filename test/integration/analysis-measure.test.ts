import { Effect, Option } from "effect"
import { execFileSync } from "node:child_process"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { makeEssentia } from "../../src/analysis/essentia.ts"
import { essentiaVersion } from "../../src/analysis/essentia.ts"
import { measure } from "../../src/analysis/measure.ts"
import { writeBeat } from "../../src/fakes/media-tone.ts"
import { tempDir } from "../support/tempDir.ts"

const note = { C4: 261.63, E4: 329.63, G4: 392.0, A3: 220.0, Fs3: 185.0, Cs4: 277.18, D4: 293.66, F4: 349.23, B4: 493.88, C5: 523.25 }

const measureWithEssentia = (file: string, seconds: number) =>
  Effect.runPromise(Effect.scoped(Effect.gen(function*() {
    const essentia = yield* makeEssentia(essentiaVersion()!)
    return yield* measure("ffmpeg", Option.some(essentia), file, seconds, 90)
  })))

/** Within a BPM of the tempo, or of its half or double (which the result declares as its alternative). */
const sameTempo = (measured: { bpm: number; alternative: number }, bpm: number) =>
  [measured.bpm, measured.alternative].some((reading) => Math.abs(reading - bpm) <= 1)

describe("measuring tempo, key and loudness (real ffmpeg, real Essentia, audio made now)", () => {
  it("essentia.js is installed (it is an optional dependency; the checks below need it)", () => {
    expect(essentiaVersion()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  for (const bpm of [90, 120, 128, 174]) {
    it(`clicks at ${bpm} BPM measure ${bpm} ±1, or as the declared half/double`, async () => {
      const file = join(tempDir(), `beat-${bpm}.opus`)
      await writeBeat({ bpm, chord: [note.A3, note.C4, note.E4], seconds: 30, file })
      const { tempo } = await measureWithEssentia(file, 30)
      expect(tempo).toBeDefined()
      expect(sameTempo(tempo!, bpm), `measured ${tempo!.bpm} (alternative ${tempo!.alternative})`).toBe(true)
      expect(tempo!.confidence).toBeGreaterThan(1.5)
    })
  }

  const keys = [
    { name: "C major", camelot: "8B", chord: [note.C4, note.E4, note.G4] },
    { name: "A minor", camelot: "8A", chord: [note.A3, note.C4, note.E4] },
    { name: "F# minor", camelot: "11A", chord: [note.Fs3, note.A3, note.Cs4] }
  ]
  for (const key of keys) {
    it(`a ${key.name} triad is ${key.name} (${key.camelot})`, async () => {
      const file = join(tempDir(), "triad.opus")
      await writeBeat({ bpm: 120, chord: key.chord, seconds: 20, file })
      const measured = await measureWithEssentia(file, 20)
      expect(measured.key).toMatchObject({ name: key.name, camelot: key.camelot })
    })
  }

  it("a C major scale played note by note is C major", async () => {
    const dir = tempDir()
    const scale = [note.C4, note.D4, note.E4, note.F4, note.G4, 440, note.B4, note.C5]
    // Each note half a second, the scale four times: a tone sequence rather than a chord.
    const expression = scale.map((hz, i) => `between(mod(t\\,4)\\,${i * 0.5}\\,${i * 0.5 + 0.5})*sin(2*PI*${hz}*t)`).join("+")
    const file = join(dir, "scale.opus")
    execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", `aevalsrc='0.5*(${expression})':s=44100:d=16`, "-c:a", "libopus", file])
    const measured = await measureWithEssentia(file, 16)
    expect(measured.key?.name).toBe("C major")
  })

  for (const lufs of [-14, -23]) {
    it(`a ${lufs} LUFS signal measures ${lufs} ±0.5 LU, without Essentia too`, async () => {
      const file = join(tempDir(), "level.opus")
      // A 997 Hz sine in both channels at this peak level is this loudness (EBU Tech 3341).
      const amplitude = (10 ** (lufs / 20)).toFixed(5)
      execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", `aevalsrc='${amplitude}*sin(2*PI*997*t)|${amplitude}*sin(2*PI*997*t)':s=48000:d=20`, "-c:a", "libopus", file])
      const measured = await Effect.runPromise(measure("ffmpeg", Option.none(), file, 20, 90))
      expect(Math.abs(measured.loudness.integratedLufs! - lufs)).toBeLessThanOrEqual(0.5)
      expect(measured.loudness.truePeakDbtp).toBeLessThan(0)
      expect(measured.tempo).toBeUndefined()
    })
  }

  it("a file ffmpeg cannot decode is a DecodeFailed naming it", async () => {
    const file = join(tempDir(), "broken.opus")
    execFileSync("sh", ["-c", `printf 'not audio' > '${file}'`])
    const result = await Effect.runPromise(Effect.flip(measure("ffmpeg", Option.none(), file, 10, 90)))
    expect(result._tag).toBe("DecodeFailed")
    expect(result.message).toContain(file)
  })
})
