import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { listFiles, probe } from "../support/audio-world.ts"
import { runCli } from "../support/cli.ts"
import { query } from "../support/db.ts"
import { tempDir } from "../support/tempDir.ts"

describe("crate demo, audio", () => {
  it("downloads the audio of each release as soon as the youtube step has matched it, and nothing twice", async () => {
    const dir = tempDir()
    const first = await runCli(["demo", "--dir", "d"], { cwd: dir })
    expect(first.code).toBe(0)
    const lines = first.stdout.split("\n")
    const firstAudio = lines.findIndex((line) => /^audio: release \d+ done/.test(line))
    const lastYoutube = lines.length - 1 - [...lines].reverse().findIndex((line) => /^youtube: release \d+ done/.test(line))
    expect(firstAudio).toBeGreaterThan(-1)
    expect(lastYoutube).toBeLessThan(lines.length)
    // Streaming: a matched release's audio is done while other releases are still being matched.
    expect(firstAudio).toBeLessThan(lastYoutube)

    const db = join(dir, "d", "discogs_collection.db")
    const library = join(dir, "d", "library")
    const matched = query<{ n: number }>(db, "SELECT count(*) AS n FROM youtube_matches WHERE video_url IS NOT NULL")[0]!.n
    const files = query<{ path: string; duration_seconds: number; video_duration: number }>(db, `SELECT f.path, f.duration_seconds, m.video_duration
      FROM audio_files f JOIN youtube_matches m USING (track_id)`)
    expect(files.length).toBe(matched)
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) expect(Math.abs(file.duration_seconds - file.video_duration)).toBeLessThan(1.5)
    expect(probe(join(library, files[0]!.path)).codec).toBe("opus")
    expect(listFiles(library).filter((path) => path.endsWith(".opus"))).toHaveLength(files.length)

    const second = await runCli(["demo", "--dir", "d"], { cwd: dir })
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/audio\s+0 done/)
  })
})
