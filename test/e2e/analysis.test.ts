import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { readFileSync, renameSync } from "node:fs"
import { join } from "node:path"
import WaveformData from "waveform-data"
import { afterAll, describe, expect, it } from "vitest"
import { type AudioWorld, listFiles, probe, setupAudioWorld, TONE_SECONDS, write } from "../support/audio-world.ts"
import { query } from "../support/db.ts"

const RICK = 1503102

const worlds: Array<AudioWorld> = []
afterAll(() => Promise.all(worlds.map((world) => world.close())))

const setup = async () => {
  const world = await setupAudioWorld({ config: { analysis: { windowSeconds: 0 } } })
  worlds.push(world)
  return world
}

const doneLines = (stdout: string, step: string) =>
  [...stdout.matchAll(new RegExp(`^${step}: track (\\d+) done`, "gm"))].map((match) => Number(match[1]))

describe("analysis and waveform steps (the real CLI, real ffmpeg and Essentia)", () => {
  it("measure every downloaded track, tag its gain, draw its waveform; nothing twice; a new download is measured again", async () => {
    const world = await setup()
    world.match(RICK)
    expect((await world.crate("run", "assets", "--only", "audio")).code).toBe(0)
    const files = query<{ track_id: number; path: string; duration_seconds: number }>(world.db,
      "SELECT track_id, path, duration_seconds FROM audio_files ORDER BY track_id")
    expect(files.length).toBeGreaterThan(0)

    const first = await world.crate("run", "assets", "--only", "analysis+")
    expect(first.stderr).toBe("")
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(new RegExp(`analysis\\s+${files.length} \\w+ done`))
    const rows = query<{ track_id: number; bpm: number | null; camelot: string | null; loudness_lufs: number; audio_sha256: string; sha256: string; analyser: string }>(
      world.db,
      "SELECT a.track_id, a.bpm, a.camelot, a.loudness_lufs, a.audio_sha256, f.sha256, a.analyser FROM audio_analysis a JOIN audio_files f USING (track_id) ORDER BY track_id"
    )
    expect(rows.map((row) => row.track_id)).toEqual(files.map((file) => file.track_id))
    for (const row of rows) {
      expect(row.analyser).toMatch(/^essentia\.js \d+\.\d+\.\d+, ffmpeg /)
      expect(row.camelot).toMatch(/^\d{1,2}[AB]$/)
      // The test tone is a 440 Hz sine: an A.
      expect(row.camelot).toMatch(/^(8A|11B)$/)
      expect(row.loudness_lufs).toBeLessThan(0)
      expect(row.audio_sha256).toBe(row.sha256)
    }

    for (const file of files) {
      const tags = probe(join(world.library, file.path)).tags
      const loudness = rows.find((row) => row.track_id === file.track_id)!.loudness_lufs
      expect(tags["R128_TRACK_GAIN"]).toBe(String(Math.round((-23 - loudness) * 256)))
      expect(tags["TITLE"]).toBeDefined()
      const base = file.path.replace(/\.opus$/, "")
      const waveform = WaveformData.create(JSON.parse(readFileSync(join(world.library, `${base}.waveform.json`), "utf8")))
      expect(waveform.channels).toBe(1)
      expect(waveform.length).toBe(Math.ceil((file.duration_seconds * 44_100) / 2_205))
      expect(Math.abs(waveform.duration - TONE_SECONDS)).toBeLessThan(0.5)
      expect(readFileSync(join(world.library, `${base}.waveform.png`)).subarray(1, 4).toString()).toBe("PNG")
    }
    expect(listFiles(join(world.library, ".crate-tmp"))).toEqual([])

    const again = await world.crate("run", "assets", "--only", "analysis+")
    expect(again.stdout).toMatch(/analysis\s+0 \w+ done/)
    expect(again.stdout).toMatch(/waveform\s+0 \w+ done/)

    // A track downloaded anew (its file replaced, untagged, and recorded) is measured and drawn again; the others are not.
    const [changed] = files
    const file = join(world.library, changed!.path)
    execFileSync("ffmpeg", ["-v", "error", "-y", "-i", file, "-map", "0:a", "-c", "copy", "-map_metadata", "-1", "-f", "opus", `${file}.new`])
    renameSync(`${file}.new`, file)
    const data = readFileSync(file)
    write(world.db, "UPDATE audio_files SET sha256 = ?, bytes = ? WHERE track_id = ?", createHash("sha256").update(data).digest("hex"), data.length, changed!.track_id)
    const third = await world.crate("run", "assets", "--only", "analysis+")
    expect(doneLines(third.stdout, "analysis")).toEqual([changed!.track_id])
    expect(doneLines(third.stdout, "waveform")).toEqual([changed!.track_id])

    // `crate reset analysis --release-id` takes the release's tracks, and the waveforms that follow them.
    const reset = await world.crate("reset", "analysis", "--release-id", String(RICK))
    expect(reset.stdout.split("\n")[0]).toBe(
      `analysis: reset ${files.length} tracks of 1 release (${RICK}); ${files.length} checkpoints forgotten; and what depends on it: waveform.`
    )
    const fourth = await world.crate("run", "assets", "--only", "analysis+")
    expect(doneLines(fourth.stdout, "analysis").sort()).toEqual(files.map((file) => file.track_id).sort())
  })

  it("killed with SIGKILL mid-analysis, the next run finishes the rest and measures no track twice", async () => {
    const world = await setup()
    world.match(RICK)
    world.match(1)
    expect((await world.crate("run", "assets", "--only", "audio")).code).toBe(0)
    const tracks = query<{ track_id: number }>(world.db, "SELECT track_id FROM audio_files ORDER BY track_id").map((row) => row.track_id)
    expect(tracks.length).toBeGreaterThan(3)

    const run = world.start("run", "assets", "--only", "analysis")
    run.child.stdout!.on("data", () => {
      if (doneLines(run.output(), "analysis").length > 0) run.child.kill("SIGKILL")
    })
    const killed = await run.done
    expect(killed.signal).toBe("SIGKILL")
    const before = query<{ track_id: number }>(world.db, "SELECT track_id FROM audio_analysis ORDER BY track_id").map((row) => row.track_id)
    expect(before.length).toBeGreaterThan(0)
    expect(before.length).toBeLessThan(tracks.length)

    const resumed = await world.crate("run", "assets", "--only", "analysis")
    expect(resumed.code).toBe(0)
    const after = doneLines(resumed.stdout, "analysis")
    expect(after.filter((track) => before.includes(track))).toEqual([])
    expect([...before, ...after].sort((a, b) => a - b)).toEqual(tracks)
    // Every file is whole and tagged once; the killed run's work folders are gone.
    for (const row of query<{ path: string }>(world.db, "SELECT path FROM audio_files")) {
      const probed = probe(join(world.library, row.path))
      expect(probed.codec).toBe("opus")
      expect(probed.tags["R128_TRACK_GAIN"]).toMatch(/^-?\d+$/)
    }
    expect(listFiles(join(world.library, ".crate-tmp"))).toEqual([])
    expect(query(world.db, "SELECT count(*) AS n FROM audio_analysis")).toEqual([{ n: tracks.length }])
  })
})
