import { Effect, Option, Schema } from "effect"
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { audioFileNames } from "../../src/audio/fileNames.ts"
import { normalizeRelease } from "../../src/discogs/normalize.ts"
import { DiscogsRelease } from "../../src/discogs/schema.ts"
import { fixturesDir, loadRecordedReleases } from "../../src/fakes/discogs-server.ts"
import { imageFixturesDir } from "../../src/fakes/image-data.ts"
import * as Database from "../../src/library/Database.ts"
import { readRelease } from "../../src/library/releaseStore.ts"
import { runCli, writeTestConfig } from "../support/cli.ts"
import { dumpDiscogsData, query } from "../support/db.ts"
import { ACCENTED_ID, type EverydayServers, startEverydayServers } from "../support/everyday.ts"
import { tempDir } from "../support/tempDir.ts"

let servers: EverydayServers
beforeAll(async () => {
  servers = await startEverydayServers()
})
afterAll(() => servers.close())

const recorded = loadRecordedReleases()
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex")
const tone = (path: string, seconds: number) =>
  execFileSync("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`, "-c:a", "libopus", path])

const write = (path: string, value: unknown) => writeFileSync(path, JSON.stringify(value, null, 2))

/**
 * An old library as the seed's scripts left it: a folder per release with the release's real
 * Discogs JSON as metadata.json; release 1503102 with its four covers, a yt_matches.json in the
 * simple shape (scores 0–1), two .opus files and analyses; release 1 with crate's own
 * yt_matches.json and an .opus named the way crate names it; a folder that is not a release.
 */
const oldLibrary = () => {
  const dir = tempDir("crate-migrate-")
  const library = join(dir, "library")
  for (const id of recorded.keys()) {
    mkdirSync(join(library, `r${id}`), { recursive: true })
    copyFileSync(join(fixturesDir, "releases", `${id}.json`), join(library, `r${id}`, "metadata.json"))
  }
  const rick = join(library, "r1503102")
  copyFileSync(join(imageFixturesDir, "cover-64.jpg"), join(rick, "cover.jpg"))
  for (const n of [2, 3, 4]) copyFileSync(join(imageFixturesDir, "back-48.jpg"), join(rick, `cover_${n}.jpg`))
  write(join(rick, "yt_matches.json"), [
    { position: "A", url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", title: "Never Gonna Give You Up (Cake Mix)", duration: 348, score: 0.97 },
    { position: "B1", video_id: "yPYZpwSpKmA", score: 0.81, file: "instrumental.opus" },
    { position: "B2", video_id: null, score: 0.2 },
    { position: "Z9", video_id: "abcdefghijk" }
  ])
  tone(join(rick, "A - Never Gonna Give You Up (Cake Mix).opus"), 2)
  tone(join(rick, "instrumental.opus"), 1)
  write(join(rick, "instrumental.json"), { bpm: 113, key: "Ab" })
  write(join(rick, "analysis.json"), [{ position: "A", bpm: 114.5, key: "F#m" }])

  const stockholm = join(library, "r1")
  const tracks = (recorded.get(1) as { tracklist: Array<{ position: string; title: string }> }).tracklist
  write(join(stockholm, "yt_matches.json"), {
    release_id: 1,
    tracks: tracks.map((track) =>
      track.position === "C1"
        ? { position: "C1", decision: "match", score: 93, video: { video_id: "QVdDhOnoR8k", url: "https://www.youtube.com/watch?v=QVdDhOnoR8k", title: "Sodermalm", channel: null, duration_seconds: 334 } }
        : { position: track.position, decision: "no match", score: 12, video: null }
    )
  })
  tone(join(stockholm, audioFileNames(tracks)[3]!), 1)
  mkdirSync(join(library, "notes"))
  writeTestConfig(dir)
  return { dir, library, db: join(dir, "discogs_collection.db") }
}

/** Every table migrate writes, without surrogate ids. */
const everything = (db: string) => ({
  ...dumpDiscogsData(db),
  matches: query(db, "SELECT t.release_id, t.position, m.video_id, m.video_url, m.video_title, m.video_duration, m.score, m.source, m.matched_at FROM youtube_matches m JOIN tracks t USING (track_id) ORDER BY 1, 2"),
  audio: query(db, "SELECT t.release_id, t.position, f.path, f.codec, f.duration_seconds, f.bytes, f.sha256, f.video_url, f.downloaded_at FROM audio_files f JOIN tracks t USING (track_id) ORDER BY 1, 2"),
  analysis: query(db, "SELECT t.release_id, t.position, a.bpm, a.key, a.analyzed_at FROM audio_analysis a JOIN tracks t USING (track_id) ORDER BY 1, 2"),
  images: query(db, "SELECT * FROM images ORDER BY release_id, position")
})

const flags = (db: string) =>
  query<{ release_id: number; covers_downloaded: number; youtube_matched: number; audio_downloaded: number }>(
    db,
    "SELECT release_id, covers_downloaded, youtube_matched, audio_downloaded FROM releases WHERE covers_downloaded + youtube_matched + audio_downloaded > 0 ORDER BY release_id"
  )

describe("crate migrate (the real CLI, no network)", () => {
  it("imports a folder-per-release library, marking what is there as done; running it again changes nothing", async () => {
    const { db, dir, library } = oldLibrary()
    // No token, no API URL: nothing here may use the network.
    const first = await runCli(["migrate", "library"], { cwd: dir })
    expect(first.stderr).toBe("")
    expect(first.code).toBe(0)
    expect(first.stdout).toContain("release 1503102 (r1503102): added Discogs data, 4 covers, 3 matches, 2 audio files, 2 analyses · covers ✓ youtube ✓ audio ✓")
    expect(first.stdout).toContain("  yt_matches.json: the release has no track Z9; skipped")
    expect(first.stdout).toContain("release 1 (r1): added Discogs data, 6 matches, 1 audio file · covers – youtube ✓ audio ✓")
    expect(first.stdout).toContain("migrate: 7 release folders: 7 imported, 0 already in the database; now done: covers 1, youtube 2, audio 2")
    expect(first.stdout).toContain("1 folder without metadata.json skipped")

    // Discogs data exactly as normalizeRelease makes it from the same JSON.
    for (const [id, body] of recorded) {
      const stored = await Effect.runPromise(readRelease(id).pipe(Effect.provide(Database.layer(db))))
      expect(Option.getOrThrow(stored)).toEqual(normalizeRelease(Schema.decodeUnknownSync(DiscogsRelease)(body)))
    }
    expect(query(db, "SELECT file_path, sha256 FROM images WHERE release_id = 1503102 ORDER BY position")).toEqual(
      ["cover.jpg", "cover_2.jpg", "cover_3.jpg", "cover_4.jpg"].map((name) => ({ file_path: `r1503102/${name}`, sha256: sha256(join(library, "r1503102", name)) }))
    )
    expect(query(db, `SELECT t.position, m.video_id, m.video_url, m.score, m.source FROM youtube_matches m JOIN tracks t USING (track_id)
      WHERE t.release_id = 1503102 ORDER BY t.sequence`)).toEqual([
      { position: "A", video_id: "dQw4w9WgXcQ", video_url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", score: 97, source: "migrated" },
      { position: "B1", video_id: "yPYZpwSpKmA", video_url: "https://www.youtube.com/watch?v=yPYZpwSpKmA", score: 81, source: "migrated" },
      { position: "B2", video_id: null, video_url: null, score: 20, source: "migrated" }
    ])
    const audio = query<{ position: string; path: string; codec: string; duration_seconds: number; video_id: string }>(db, `SELECT t.position, f.path,
      f.codec, f.duration_seconds, f.video_id FROM audio_files f JOIN tracks t USING (track_id) ORDER BY t.release_id, t.sequence`)
    expect(audio.map(({ duration_seconds, ...rest }) => rest)).toEqual([
      { position: "C1", path: "r1/C1 - Södermalm.opus", codec: "opus", video_id: "QVdDhOnoR8k" },
      { position: "A", path: "r1503102/A - Never Gonna Give You Up (Cake Mix).opus", codec: "opus", video_id: "dQw4w9WgXcQ" },
      { position: "B1", path: "r1503102/instrumental.opus", codec: "opus", video_id: "yPYZpwSpKmA" }
    ])
    expect(audio.map((row) => Math.round(row.duration_seconds * 10) / 10)).toEqual([1, 2, 1])
    // Keys as the analysis step writes them, with their Camelot codes, so that `crate query key` finds imported tracks too.
    expect(query(db, "SELECT t.position, a.bpm, a.bpm_alternative, a.key, a.camelot FROM audio_analysis a JOIN tracks t USING (track_id) ORDER BY t.sequence")).toEqual([
      { position: "A", bpm: 114.5, bpm_alternative: 57.25, key: "F# minor", camelot: "11A" },
      { position: "B1", bpm: 113, bpm_alternative: 56.5, key: "Ab major", camelot: "4B" }
    ])
    expect(flags(db)).toEqual([
      { release_id: 1, covers_downloaded: 0, youtube_matched: 1, audio_downloaded: 1 },
      { release_id: 1503102, covers_downloaded: 1, youtube_matched: 1, audio_downloaded: 1 }
    ])
    expect(query(db, "SELECT release_id, library_path FROM releases WHERE release_id IN (1, 3) ORDER BY release_id")).toEqual([
      { release_id: 1, library_path: "r1" },
      { release_id: 3, library_path: "r3" }
    ])

    const before = everything(db)
    const second = await runCli(["migrate", "library"], { cwd: dir })
    expect(second.code).toBe(0)
    expect(second.stdout).toContain("release 1503102 (r1503102): nothing new · covers ✓ youtube ✓ audio ✓")
    expect(second.stdout).toContain("migrate: 7 release folders: 0 imported, 7 already in the database; now done: covers 1, youtube 2, audio 2")
    expect(everything(db)).toEqual(before)

    // status counts it as done; the next sync fetches only what migrate did not bring.
    const status = JSON.parse((await runCli(["status", "--json"], { cwd: dir })).stdout) as { covers: { done: number }; audio: { done: number } }
    expect(status.covers.done).toBe(1)
    expect(status.audio.done).toBe(2)
    const sync = await runCli(["run", "metadata"], { cwd: dir, env: servers.env })
    expect(sync.code).toBe(0)
    expect(servers.discogs.requests.filter((request) => request.path.startsWith("/releases/")).map((request) => request.path))
      .toEqual([`/releases/${ACCENTED_ID}`])
    // A re-sync keeps what migrate recorded.
    expect(flags(db)).toEqual([
      { release_id: 1, covers_downloaded: 0, youtube_matched: 1, audio_downloaded: 1 },
      { release_id: 1503102, covers_downloaded: 1, youtube_matched: 1, audio_downloaded: 1 }
    ])
    expect(everything(db).matches).toEqual(before.matches)
    expect(everything(db).audio).toEqual(before.audio)
  })

  it("a malformed folder is reported and skipped; the others are imported; exit status 1", async () => {
    const { dir, library, db } = oldLibrary()
    mkdirSync(join(library, "broken"))
    writeFileSync(join(library, "broken", "metadata.json"), "{ not json")
    write(join(library, "r3", "yt_matches.json"), { results: [] })
    const result = await runCli(["migrate", "library", "--json"], { cwd: dir })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe("crate: 2 folders could not be imported (see above)\n")
    const lines = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as { folder?: string; error?: string; releaseId?: number })
    expect(lines.filter((line) => line.error !== undefined)).toEqual([
      { folder: join(library, "broken"), error: "metadata.json: not valid JSON" },
      { folder: join(library, "r3"), error: expect.stringMatching(/^yt_matches\.json: /) }
    ])
    expect(query(db, "SELECT count(*) AS n FROM releases")).toEqual([{ n: 6 }])
  })

  it("records nothing a hostile folder points at: links off YouTube, ids that are paths, files that are links", async () => {
    const dir = tempDir("crate-migrate-")
    const folder = join(dir, "library", "r1503102")
    mkdirSync(folder, { recursive: true })
    copyFileSync(join(fixturesDir, "releases", "1503102.json"), join(folder, "metadata.json"))
    symlinkSync("/etc/passwd", join(folder, "cover.jpg"))
    write(join(folder, "yt_matches.json"), [
      { position: "A", url: "http://169.254.169.254/watch?v=dQw4w9WgXcQ", score: 0.9 },
      { position: "B1", video_id: "../../etc", score: 0.9 }
    ])
    // A config of its own makes this folder the collection's (else it would be the user's data folder).
    writeFileSync(join(dir, "pipeline.config.mjs"), "export default {}\n")
    const result = await runCli(["migrate", "library"], { cwd: dir })
    expect(result.stdout).toContain("cover.jpg is a link (to /etc/passwd), not a file of the library; not imported")
    expect(result.stdout).toContain(`yt_matches.json: track A: "http://169.254.169.254/watch?v=dQw4w9WgXcQ" is not a YouTube video link; skipped`)
    expect(result.stdout).toContain(`yt_matches.json: track B1: "../../etc" is not a YouTube video id; skipped`)
    const db = join(dir, "discogs_collection.db")
    expect(query(db, "SELECT count(*) AS n FROM youtube_matches")).toEqual([{ n: 0 }])
    expect(query(db, "SELECT count(*) AS n FROM images WHERE file_path IS NOT NULL")).toEqual([{ n: 0 }])
  })

  it("refuses a folder outside the library, saying how to point the library at it", async () => {
    const { dir } = oldLibrary()
    const elsewhere = tempDir()
    const result = await runCli(["migrate", elsewhere], { cwd: dir })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`^crate: .* is outside the library \\(${join(dir, "library")}\\): .*CRATE_LIBRARY=`))
  })
})
