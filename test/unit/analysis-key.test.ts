import { describe, expect, it } from "vitest"
import { camelot, compatibleKeys, keyName, parseKey } from "../../src/analysis/key.ts"
import { r128TrackGain } from "../../src/analysis/loudness.ts"
import { parseEbur128 } from "../../src/analysis/loudness.ts"
import { halfOrDouble, tempoFromBeats } from "../../src/analysis/tempo.ts"
import { peakBuilder } from "../../src/waveform/peaks.ts"

describe("keys", () => {
  it("names and Camelot codes of the whole wheel", () => {
    const wheel = [
      ["A minor", "8A"], ["C major", "8B"], ["E minor", "9A"], ["G major", "9B"], ["F# minor", "11A"], ["A major", "11B"],
      ["G# minor", "1A"], ["B major", "1B"], ["Eb minor", "2A"], ["F# major", "2B"], ["C minor", "5A"], ["Eb major", "5B"],
      ["D minor", "7A"], ["F major", "7B"], ["C# minor", "12A"], ["E major", "12B"]
    ]
    for (const [name, code] of wheel) {
      const key = parseKey(name!)!
      expect(keyName(key)).toBe(name)
      expect(camelot(key)).toBe(code)
      expect(parseKey(code!)).toEqual(key)
    }
  })

  it("reads keys as people write them, and refuses what is not one", () => {
    expect(parseKey("Am")).toEqual(parseKey("A minor"))
    expect(parseKey("f♯ min")).toEqual(parseKey("F# minor"))
    expect(parseKey("Gb major")).toEqual(parseKey("F# major"))
    expect(parseKey("08a")).toEqual(parseKey("A minor"))
    expect(parseKey("C")).toEqual({ pitchClass: 0, mode: "major" })
    for (const nonsense of ["H minor", "13A", "", "A minor minor", "8C"]) expect(parseKey(nonsense)).toBeUndefined()
  })

  it("compatible keys: itself, the relative, one step either way (12 wraps to 1)", () => {
    expect(compatibleKeys(parseKey("8A")!)).toEqual(["8A", "8B", "7A", "9A"])
    expect(compatibleKeys(parseKey("12B")!)).toEqual(["12B", "12A", "11B", "1B"])
    expect(compatibleKeys(parseKey("1A")!)).toContain("12A")
  })
})

describe("tempo from beats", () => {
  it("a line through beats rounded to 512-sample frames finds the tempo the frames round off", () => {
    const frame = 512 / 44100
    const ticks = Array.from({ length: 80 }, (_, i) => Math.round((i * 60) / 174 / frame) * frame)
    expect(tempoFromBeats(ticks, 172.27)).toBeCloseTo(174, 1)
  })

  it("a missed beat does not shift the line; too few beats keep the tracker's figure", () => {
    const ticks = Array.from({ length: 40 }, (_, i) => i * 0.5).filter((_, i) => i !== 17)
    expect(tempoFromBeats(ticks, 119.5)).toBeCloseTo(120, 5)
    expect(tempoFromBeats([0, 0.5, 1], 119.5)).toBe(119.5)
  })

  it("the alternative is double below 100 BPM, half from it", () => {
    expect(halfOrDouble(87)).toBe(174)
    expect(halfOrDouble(128)).toBe(64)
  })
})

describe("loudness", () => {
  it("reads ebur128's summary; silence has no loudness", () => {
    const summary = "[Parsed_ebur128_0 @ 0x1] Summary:\n\n  Integrated loudness:\n    I:         -14.1 LUFS\n    Threshold: -24.1 LUFS\n\n" +
      "  Loudness range:\n    LRA:         0.0 LU\n\n  True peak:\n    Peak:       -3.0 dBFS\n"
    expect(parseEbur128(summary)).toEqual({ integratedLufs: -14.1, truePeakDbtp: -3 })
    expect(parseEbur128(summary.replace("-14.1", "-70.0").replace("-3.0", "-inf"))).toEqual({ integratedLufs: null, truePeakDbtp: null })
    expect(parseEbur128("Conversion failed!")).toBeUndefined()
  })

  it("R128_TRACK_GAIN is the gain to −23 LUFS in 1/256 dB, within 16 bits", () => {
    expect(r128TrackGain(-14)).toBe("-2304")
    expect(r128TrackGain(-23)).toBe("0")
    expect(r128TrackGain(-40)).toBe("4352")
    expect(r128TrackGain(200)).toBe("-32768")
  })
})

describe("waveform peaks", () => {
  it("min and max of each pixel at 8 bits, whatever the chunking", () => {
    const samples = Int16Array.from([0, 32767, -32768, 256, 512, -512, 100])
    const bytes = Buffer.from(samples.buffer)
    const builder = peakBuilder(44100, 3)
    for (let i = 0; i < bytes.length; i += 3) builder.add(bytes.subarray(i, i + 3))
    expect(builder.finish()).toEqual({
      version: 2, channels: 1, sample_rate: 44100, samples_per_pixel: 3, bits: 8, length: 3,
      data: [-128, 127, -2, 2, 0, 0]
    })
  })
})
