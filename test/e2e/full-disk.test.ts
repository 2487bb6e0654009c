import { existsSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { startFakeDiscogs, syntheticCollection, syntheticReleases } from "../../src/fakes/discogs-server.ts"
import { pointImagesAt, startImageServer } from "../../src/fakes/image-server.ts"
import { tempFolderName } from "../../src/library/files.ts"
import { runCli, writeTestConfig } from "../support/cli.ts"
import { filesUnder } from "../support/covers.ts"
import { query } from "../support/db.ts"
import { canMount, smallDisk } from "../support/smallDisk.ts"
import { tempDir } from "../support/tempDir.ts"

// A real full disk: a size-limited tmpfs mounted by the test (root only, as in CI).
const TOKEN = "full-disk-token"
const closers: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((server) => server.close()))
})

const world = async (size: number) => {
  const images = await startImageServer()
  const releases = pointImagesAt(syntheticReleases(size), images.url)
  const discogs = await startFakeDiscogs({ releases, collection: syntheticCollection(releases), username: "digger", token: TOKEN, rateLimit: { limit: 1e9, windowMs: 60_000 } })
  closers.push(images, discogs)
  return { DISCOGS_TOKEN: TOKEN, DISCOGS_USERNAME: "digger", DISCOGS_API_URL: discogs.url }
}

/**
 * Nothing failed and nothing was half-written: every item is done, pending, or — when the
 * disk had no room left even to put it back — still marked running, which the next run
 * (any run: the pid is gone) turns back into pending first.
 */
const onlyDoneOrPending = (db: string, step: string, concurrency: number) => {
  const statuses = statusCounts(db, step)
  expect(statuses.map((row) => row.status).filter((status) => !["done", "pending", "running"].includes(status))).toEqual([])
  expect(statuses.find((row) => row.status === "running")?.n ?? 0).toBeLessThanOrEqual(concurrency)
  return statuses.find((row) => row.status === "done")?.n ?? 0
}

const statusCounts = (db: string, step: string) =>
  query<{ status: string; n: number }>(db, "SELECT status, count(*) AS n FROM checkpoints WHERE step = ? GROUP BY status ORDER BY status", step)

describe.runIf(canMount)("a full disk", () => {
  it("stops the sync with one clear line, every release done or pending, and the next run (with room) completes", async () => {
    const env = await world(300)
    const disk = smallDisk("640k")
    const dir = tempDir()
    writeTestConfig(dir, { database: join(disk.dir, "crate.db") })
    const full = await runCli(["run", "metadata"], { cwd: dir, env })
    expect(full.code).toBe(1)
    expect(full.stderr).toBe("crate: the disk holding the database is full: free some space, then run the same command again\n")

    const db = join(disk.dir, "crate.db")
    const done = onlyDoneOrPending(db, "release", 2)
    expect(done).toBeGreaterThan(0)
    expect(done).toBeLessThan(300)
    expect(query(db, "SELECT count(*) AS n FROM releases WHERE discogs_synced_at IS NOT NULL")).toEqual([{ n: done }])
    expect(query(db, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }])

    disk.grow("64m")
    const resumed = await runCli(["run", "metadata"], { cwd: dir, env })
    expect(resumed.stderr).toBe("")
    expect(resumed.stdout).not.toContain("failed")
    expect(resumed.code).toBe(0)
    expect(query(db, "SELECT count(*) AS n FROM releases")).toEqual([{ n: 300 }])
  })

  it("stops covers with one clear line when the library's disk is full, leaving no partial or temporary file, and resumes", async () => {
    const env = await world(40)
    const disk = smallDisk("48k")
    const dir = tempDir()
    writeTestConfig(dir, { library: disk.dir, discogs: { requestsPerMinute: 60_000 } })
    // The sync's metadata.json files go to another library: only the covers fill the small disk.
    expect((await runCli(["run", "metadata"], { cwd: dir, env: { ...env, CRATE_LIBRARY: tempDir() } })).code).toBe(0)
    const full = await runCli(["run", "assets", "--only", "covers"], { cwd: dir, env })
    expect(full.code).toBe(1)
    expect(full.stderr).toMatch(/^crate: cannot write .+: the disk is full: free some space, then run the same command again\n$/)

    const db = join(dir, "discogs_collection.db")
    onlyDoneOrPending(db, "covers", 4)
    // The items in flight when the disk filled up removed their temporary files before the run ended.
    const temp = join(disk.dir, tempFolderName)
    expect(existsSync(temp) ? readdirSync(temp) : []).toEqual([])
    // Every cover in the library is a whole file (a half-written one only ever lives in the temp folder).
    for (const row of query<{ file_path: string; bytes: number }>(db, "SELECT file_path, bytes FROM images WHERE file_path IS NOT NULL")) {
      expect(statSync(join(disk.dir, row.file_path)).size).toBe(row.bytes)
    }
    expect(query(db, "SELECT count(*) AS n FROM checkpoints WHERE step = 'covers' AND status = 'done'"))
      .toEqual(query(db, "SELECT count(*) AS n FROM releases WHERE covers_downloaded = 1"))
    // And no file without its record: the release the disk filled up under left none of its covers behind.
    const recorded = query<{ file_path: string }>(db, "SELECT file_path FROM images WHERE file_path IS NOT NULL").map((row) => row.file_path).sort()
    expect(filesUnder(disk.dir).filter((path) => !path.endsWith(".json"))).toEqual(recorded)

    disk.grow("64m")
    const resumed = await runCli(["run", "assets", "--only", "covers"], { cwd: dir, env })
    expect(resumed.code).toBe(0)
    expect(query(db, "SELECT count(*) AS n FROM releases WHERE covers_downloaded = 0")).toEqual([{ n: 0 }])
    expect(existsSync(temp) ? readdirSync(temp) : []).toEqual([])
  })
})
