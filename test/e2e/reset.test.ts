import Database from "better-sqlite3"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { readdirSync } from "node:fs"
import { imagePath } from "../../src/fakes/image-server.ts"
import { runCli } from "../support/cli.ts"
import { dumpDiscogsData, query } from "../support/db.ts"
import { type EverydayServers, type EverydayWorld, everydayWorlds, startEverydayServers } from "../support/everyday.ts"
import { tempDir } from "../support/tempDir.ts"

let servers: EverydayServers
beforeAll(async () => {
  servers = await startEverydayServers()
})
afterAll(() => servers.close())
const world = everydayWorlds(() => servers)

const flags = (db: string, releaseId: number) =>
  query<{ covers_downloaded: number; youtube_matched: number; audio_downloaded: number }>(
    db,
    "SELECT covers_downloaded, youtube_matched, audio_downloaded FROM releases WHERE release_id = ?",
    releaseId
  )[0]

/** The image requests the fake image host saw after `from`, as release ids. */
const imageReleases = (from: number) =>
  [...new Set(servers.images.requests.slice(from).map((request) => Number(/R-(\d+)-/.exec(request.path)?.[1])))].sort((a, b) => a - b)

/** Discogs data without the progress flags: a reset must leave it exactly as it was. */
const discogsData = (db: string) => {
  const dump = dumpDiscogsData(db)
  return { ...dump, releases: query(db, "SELECT release_id, title, year, country, released, notes, formats, master_id FROM releases ORDER BY release_id") }
}

const covered = async (w: EverydayWorld) => {
  const first = await w.crate("run", "assets", "--only", "covers")
  expect(first.code).toBe(0)
  expect(first.stdout).toMatch(/covers\s+8 \w+ done/)
}

const sqlite = (db: string, statements: (handle: Database.Database) => void) => {
  const handle = new Database(db)
  try {
    statements(handle)
  } finally {
    handle.close()
  }
}

describe("crate reset (the real CLI)", () => {
  it("covers --release-id: the next run downloads exactly that release's covers again, and Discogs data is untouched", async () => {
    const w = await world()
    await covered(w)
    const before = discogsData(w.db)
    const reset = await w.crate("reset", "covers", "--release-id", "1503102")
    expect(reset.stderr).toBe("")
    expect(reset.code).toBe(0)
    expect(reset.stdout).toBe(
      "covers: reset 1 release (1503102); 1 checkpoint forgotten.\n" +
        "The next `crate run assets --only covers+` (or `crate run assets`) does that work again.\n"
    )
    expect(flags(w.db, 1503102)?.covers_downloaded).toBe(0)
    expect(query(w.db, "SELECT count(*) AS n FROM checkpoints WHERE step = 'covers' AND item = '1503102'")).toEqual([{ n: 0 }])
    expect(query(w.db, "SELECT count(*) AS n FROM releases WHERE covers_downloaded = 1")).toEqual([{ n: 7 }])
    expect(discogsData(w.db)).toEqual(before)

    const seen = servers.images.requests.length
    const again = await w.crate("run", "assets", "--only", "covers")
    expect(again.stdout).toMatch(/covers\s+1 \w+ done\n/)
    expect(imageReleases(seen)).toEqual([1503102])
    expect(servers.images.requests.length - seen).toBe(4)
  })

  it("covers --failed: only the releases that failed are tried again", async () => {
    const w = await world()
    servers.images.setFaults({ notFound: [{ path: imagePath(3, 0) }] })
    try {
      const first = await w.crate("run", "assets", "--only", "covers")
      expect(first.stdout).toMatch(/covers\s+7 \w+ done · 1 failed \(1 NotFound\)/)
      expect((await w.crate("run", "assets", "--only", "covers")).stdout).toMatch(/covers\s+0 \w+ done · 1 skipped after earlier permanent failures/)
    } finally {
      servers.images.setFaults({})
    }
    const reset = await w.crate("reset", "covers", "--failed")
    expect(reset.stdout.split("\n")[0]).toBe("covers: reset 1 failed release (3); 1 checkpoint forgotten.")
    const seen = servers.images.requests.length
    const again = await w.crate("run", "assets", "--only", "covers")
    expect(again.stdout).toMatch(/covers\s+1 \w+ done\n/)
    expect(imageReleases(seen)).toEqual([3])
    expect(query(w.db, "SELECT count(*) AS n FROM releases WHERE covers_downloaded = 1")).toEqual([{ n: 8 }])

    expect((await w.crate("reset", "covers", "--failed")).stdout).toBe("covers: nothing to reset (no release failed this step)\n")
  })

  it("audio forgets the tracks' file records so that they are downloaded again; youtube redoes the matches and re-checks audio", async () => {
    const w = await world()
    // As the youtube and audio steps leave a release: every track decided, one file each, both flags set.
    sqlite(w.db, (db) => {
      for (const id of [1, 2]) {
        for (const track of db.prepare("SELECT track_id, position FROM tracks WHERE release_id = ?").all(id) as Array<{ track_id: number; position: string }>) {
          db.prepare(`INSERT INTO youtube_matches (track_id, video_id, video_url, score, source, matched_at, is_override)
            VALUES (?, ?, ?, 90, 'search', '2024-01-01T00:00:00Z', ?)`).run(track.track_id, `v${track.track_id}`, `https://www.youtube.com/watch?v=v${track.track_id}`, track.position === "B1" ? 1 : 0)
          db.prepare(`INSERT INTO audio_files (track_id, path, codec, duration_seconds, bytes, sha256, video_id, video_url, downloaded_at)
            VALUES (?, ?, 'opus', 8, 100, 'x', ?, ?, '2024-01-01T00:00:00Z')`).run(track.track_id, `r/${track.position}.opus`, `v${track.track_id}`, `https://www.youtube.com/watch?v=v${track.track_id}`)
        }
        db.prepare("UPDATE releases SET youtube_matched = 1, audio_downloaded = 1 WHERE release_id = ?").run(id)
        db.prepare(`INSERT INTO checkpoints (step, item, status, attempts, step_version, updated_at)
          VALUES ('audio', ?, 'done', 1, 1, '2024-01-01T00:00:00Z'), ('youtube', ?, 'done', 1, 1, '2024-01-01T00:00:00Z')`).run(String(id), String(id))
      }
    })
    const before = discogsData(w.db)
    const tracksOf = (id: number) => query<{ n: number }>(w.db, "SELECT count(*) AS n FROM tracks WHERE release_id = ?", id)[0]!.n

    const audio = await w.crate("reset", "audio", "--release-id", "1", "--json")
    expect(audio.stderr).toBe("")
    expect(JSON.parse(audio.stdout)).toEqual({ step: "audio", releases: [1], items: ["1"], unknown: [], steps: [{ step: "audio", checkpoints: 1 }] })
    expect(flags(w.db, 1)).toEqual({ covers_downloaded: 0, youtube_matched: 1, audio_downloaded: 0 })
    expect(flags(w.db, 2)).toEqual({ covers_downloaded: 0, youtube_matched: 1, audio_downloaded: 1 })
    expect(query(w.db, "SELECT count(*) AS n FROM audio_files f JOIN tracks t USING (track_id) WHERE t.release_id = 1")).toEqual([{ n: 0 }])
    expect(query(w.db, "SELECT count(*) AS n FROM youtube_matches m JOIN tracks t USING (track_id) WHERE t.release_id = 1")).toEqual([{ n: tracksOf(1) }])

    const youtube = await w.crate("reset", "youtube", "--release-id", "2", "--release-id", "424242")
    // The known release is reset; the unknown one is said, and the exit status says it too.
    expect(youtube.code).toBe(1)
    expect(youtube.stdout).toBe(
      "release 424242 is not in the database: nothing to reset\n" +
        "youtube: reset 1 release (2); 1 checkpoint forgotten; and what depends on it: audio.\n" +
        "The next `crate run assets --only youtube+` (or `crate run assets`) does that work again.\n"
    )
    // Downstream too: a new match means new audio, so release 2's file records are forgotten; its tracks chosen by hand keep their video.
    expect(flags(w.db, 2)).toEqual({ covers_downloaded: 0, youtube_matched: 0, audio_downloaded: 0 })
    expect(query(w.db, "SELECT count(*) AS n FROM audio_files f JOIN tracks t USING (track_id) WHERE t.release_id = 2")).toEqual([{ n: 0 }])
    expect(query(w.db, "SELECT count(*) AS n FROM youtube_matches m JOIN tracks t USING (track_id) WHERE t.release_id = 2 AND m.is_override = 1")).toEqual([{ n: 1 }])
    // What the next run takes, by the steps' own pending queries: youtube exactly release 2 (and the never-matched ones), audio release 1.
    const status = JSON.parse((await w.crate("status", "--json")).stdout) as { pending: Array<{ step: string; releases: number }> }
    expect(status.pending.find((work) => work.step === "youtube")?.releases).toBe(8 - 1)
    expect(status.pending.find((work) => work.step === "audio")?.releases).toBe(1)
    expect(discogsData(w.db)).toEqual(before)
  })

  it("refuses an unknown step, and a database that does not exist", async () => {
    const w = await world()
    const wrong = await w.crate("reset", "lyrics")
    expect(wrong.code).toBe(1)
    expect(wrong.stderr + wrong.stdout).toMatch(/covers|youtube|audio/)
    const empty = tempDir()
    const missing = await runCli(["reset", "covers"], { cwd: empty })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^crate: no database at .*: run `crate run metadata`/)
    // No empty database was made by mistake.
    expect(readdirSync(empty)).toEqual([])
  })
})
