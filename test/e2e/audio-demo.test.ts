import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { hiddenDemoVideos } from "../../src/fakes/demoWorld.ts"
import { listFiles, probe } from "../support/audio-world.ts"
import { runCli } from "../support/cli.ts"
import { query } from "../support/db.ts"
import { tempDir } from "../support/tempDir.ts"

describe("crate demo, audio and analysis", () => {
  it("downloads the audio of each release as soon as the youtube step has matched it, and nothing twice", async () => {
    const dir = tempDir()
    const first = await runCli(["demo", "--dir", "d"], { cwd: dir })
    expect(first.code, first.stdout + first.stderr).toBe(0)
    const lines = first.stdout.split("\n")
    const firstAudio = lines.findIndex((line) => /^audio: release \d+ done/.test(line))
    const lastYoutube = lines.length - 1 - [...lines].reverse().findIndex((line) => /^youtube: release \d+ done/.test(line))
    // Once seen failing under a full parallel run (no audio line at all): the output says why next time.
    expect(firstAudio, first.stdout + first.stderr).toBeGreaterThan(-1)
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

    // Every track analysed: the demo's beats are 90, 120, 128 or 174 BPM, each in its key.
    const analysed = query<{ path: string; bpm: number; bpm_alternative: number; camelot: string; loudness_lufs: number; sha256: string; audio_sha256: string }>(db,
      `SELECT f.path, a.bpm, a.bpm_alternative, a.camelot, a.loudness_lufs, f.sha256, a.audio_sha256
       FROM audio_analysis a JOIN audio_files f USING (track_id)`)
    expect(analysed).toHaveLength(files.length)
    const keyOf: Record<number, string> = { 90: "8A", 120: "8B", 128: "11A", 174: "9B" }
    for (const track of analysed) {
      const tempo = [90, 120, 128, 174].find((bpm) => Math.abs(track.bpm - bpm) <= 1 || Math.abs(track.bpm_alternative - bpm) <= 1)
      expect(tempo, `${track.path}: ${track.bpm} BPM`).toBeDefined()
      expect(track.camelot).toBe(keyOf[tempo!])
      // The gain tag went into the file; its record follows the file, and the tags and cover are still there.
      expect(track.audio_sha256).toBe(track.sha256)
      const tagged = probe(join(library, track.path))
      expect(Number(tagged.tags["R128_TRACK_GAIN"])).toBe(Math.round((-23 - track.loudness_lufs) * 256))
      expect(tagged.tags["DISCOGS_RELEASE_ID"]).toMatch(/^\d+$/)
      expect(tagged.pictures).toEqual(["mjpeg"])
    }
    // Each file has its waveform beside it.
    const waveforms = listFiles(library).filter((path) => path.endsWith(".waveform.json"))
    expect(waveforms).toHaveLength(files.length)
    expect(listFiles(library).filter((path) => path.endsWith(".waveform.png"))).toHaveLength(files.length)

    // The video whose title carries a slur is neither listed nor a candidate.
    for (const hidden of hiddenDemoVideos) {
      expect(query(db, "SELECT uri FROM videos WHERE uri LIKE ?", `%${hidden}%`)).toEqual([])
      expect(query(db, "SELECT video_id FROM youtube_candidates WHERE video_id = ?", hidden)).toEqual([])
    }

    // The closing line, pasted, points status and query at what the demo made; their figures count tracks as SQL does.
    const exported = /^ {2}export (CRATE_DB=\S+) (CRATE_LIBRARY=\S+)$/m.exec(first.stdout)
    expect(exported, first.stdout).not.toBeNull()
    const env = Object.fromEntries(exported!.slice(1).map((pair) => pair.split("=") as [string, string]))
    const elsewhere = tempDir()
    const status = await runCli(["status", "--json"], { cwd: elsewhere, env })
    expect(status.code, status.stderr).toBe(0)
    const figures = JSON.parse(status.stdout) as { tracks: { total: number; matched: number; noMatch: number; audioFiles: number } }
    expect(figures.tracks).toEqual({
      total: query<{ n: number }>(db, "SELECT count(*) AS n FROM tracks")[0]!.n,
      matched,
      noMatch: query<{ n: number }>(db, "SELECT count(*) AS n FROM youtube_matches WHERE video_id IS NULL")[0]!.n,
      audioFiles: files.length
    })
    // A release with some tracks unmatched shows its track counts, never a plain ✓.
    const persuader = await runCli(["query", "artist", "persuader"], { cwd: elsewhere, env })
    const [stockholm] = query<{ tracks: number; audio: number }>(db, `SELECT count(*) AS tracks,
      (SELECT count(*) FROM audio_files f JOIN tracks t USING (track_id) WHERE t.release_id = 1) AS audio FROM tracks WHERE release_id = 1`)
    expect(stockholm!.audio).toBeLessThan(stockholm!.tracks)
    expect(persuader.stdout).toContain(`Stockholm · Svek SK032  [covers ✓ · youtube ${stockholm!.audio}/${stockholm!.tracks} · audio ${stockholm!.audio}/${stockholm!.tracks}]`)
    const missing = await runCli(["query", "missing", "audio"], { cwd: elsewhere, env })
    const total = query<{ n: number }>(db, "SELECT count(*) AS n FROM tracks")[0]!.n
    expect(missing.stdout).toContain(`missing audio: ${total - files.length} tracks without an audio file`)
    expect(missing.stdout).toMatch(/ {10}1 B1 {4}The Persuader – Vasastaden {2}\(Stockholm\): no match/)

    // crate migrate of the library crate wrote reproduces its database: releases, tracks, matches, audio files.
    const copy = join(tempDir(), "copy.db")
    const migrated = await runCli(["migrate", env.CRATE_LIBRARY!], { cwd: elsewhere, env: { ...env, CRATE_DB: copy } })
    expect(migrated.code, migrated.stdout + migrated.stderr).toBe(0)
    const releases = "SELECT release_id, title, year, library_path FROM releases ORDER BY release_id"
    const tracksOf = "SELECT release_id, position, title, duration_seconds FROM tracks ORDER BY release_id, sequence"
    const matchesOf = `SELECT t.release_id, t.position, m.video_id FROM youtube_matches m JOIN tracks t USING (track_id)
      ORDER BY t.release_id, t.sequence`
    const filesOf = "SELECT t.release_id, t.position, f.path, f.sha256 FROM audio_files f JOIN tracks t USING (track_id) ORDER BY f.path"
    for (const sql of [releases, tracksOf, matchesOf, filesOf]) expect(query(copy, sql), sql).toEqual(query(db, sql))

    const second = await runCli(["demo", "--dir", "d"], { cwd: dir })
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/audio\s+0 \w+ done/)
    expect(second.stdout).toMatch(/analysis\s+0 \w+ done/)
    expect(second.stdout).toMatch(/waveform\s+0 \w+ done/)
  }, 240_000)
})
