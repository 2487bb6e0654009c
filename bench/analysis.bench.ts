// `node bin/run-ts.js bench/analysis.bench.ts`: the analysis and waveform steps' work on
// generated music (clicks over a chord, 1, 4 and 8 minutes long), each setting in its own
// process so that peak RSS belongs to it: seconds per minute of audio, CPU per track, peak
// RSS, for the default 90-second tempo/key window and for whole tracks. Figures only.
import { Effect, Option } from "effect"
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { essentiaVersion, makeEssentia } from "../src/analysis/essentia.ts"
import { measure } from "../src/analysis/measure.ts"
import { writeBeat } from "../src/fakes/media-tone.ts"
import { renderWaveform } from "../src/waveform/render.ts"

const minutes = [1, 4, 8]
const [mode, setting, ...files] = process.argv.slice(2)

const child = async (window: number, paths: ReadonlyArray<string>) => {
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const work = setting === "waveform"
    ? Effect.forEach(paths, (path) => renderWaveform("ffmpeg", path, `${path}.png`), { discard: true })
    : Effect.scoped(Effect.gen(function*() {
      const essentia = yield* makeEssentia(essentiaVersion()!)
      for (const [i, path] of paths.entries()) yield* measure("ffmpeg", Option.some(essentia), path, minutes[i]! * 60, window)
    }))
  await Effect.runPromise(work)
  const cpu = process.cpuUsage(cpuBefore)
  // CPU of this process (Essentia's worker threads included), not ffmpeg's: decoding is ffmpeg's, in its own process.
  console.log(JSON.stringify({ ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 }))
}

if (mode === "--child") {
  await child(Number(setting), files)
} else {
  if (essentiaVersion() === undefined) {
    console.log("essentia.js is not installed: nothing to measure")
    process.exit(0)
  }
  const dir = mkdtempSync(join(tmpdir(), "crate-bench-analysis-"))
  try {
    const paths: Array<string> = []
    for (const length of minutes) {
      const file = join(dir, `beat-${length}min.opus`)
      await writeBeat({ bpm: 124, chord: [220.0, 261.63, 329.63], seconds: length * 60, file })
      paths.push(file)
    }
    const audioMinutes = minutes.reduce((sum, length) => sum + length, 0)
    console.log(`analysis of ${paths.length} tracks (${minutes.join(", ")} min; ${audioMinutes} min of audio), one track at a time, essentia.js ${essentiaVersion()}`)
    const rows: Array<[string, { ms: number; cpuMs: number; peakRssMb: number }]> = []
    for (const setting of ["90", "0", "waveform"]) {
      const result = spawnSync(process.execPath, [join(import.meta.dirname, "../bin/run-ts.js"), import.meta.filename, "--child", setting, ...paths], { encoding: "utf8" })
      if (result.status !== 0) throw new Error(result.stderr)
      rows.push([setting, JSON.parse(result.stdout.trim().split("\n").at(-1)!)])
    }
    for (const [setting, figures] of rows) {
      const name = setting === "waveform" ? "waveform (peaks + PNG)     " : setting === "0" ? "analysis, whole tracks     " : "analysis, 90 s window      "
      console.log(`  ${name} ${(figures.ms / 1000 / audioMinutes).toFixed(2)} s per minute of audio · ` +
        `CPU ${(figures.cpuMs / 1000 / paths.length).toFixed(1)} s per track · peak RSS ${figures.peakRssMb.toFixed(0)} MB`)
    }
    const [windowed, whole] = [rows[0]![1], rows[1]![1]]
    console.log(`  whole tracks / 90 s window: time ×${(whole.ms / windowed.ms).toFixed(2)}, peak RSS ×${(whole.peakRssMb / windowed.peakRssMb).toFixed(2)}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
