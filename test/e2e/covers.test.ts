import Database from "better-sqlite3"
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { join, resolve, sep } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import {
  type FakeDiscogs,
  demoCollection,
  loadRecordedReleases,
  startFakeDiscogs,
  syntheticCollection,
  syntheticReleases
} from "../../src/fakes/discogs-server.ts"
import { type FakeImageServer, type FakeImageServerOptions, imageBytes, imagePath, pointImagesAt, startImageServer } from "../../src/fakes/image-server.ts"
import { tempFolderName } from "../../src/library/files.ts"
import { maxNameBytes } from "../../src/library/safeName.ts"
import { runCli, startCli, writeTestConfig } from "../support/cli.ts"
import { filesUnder, imageRows, readLibraryFile } from "../support/covers.ts"
import { query } from "../support/db.ts"
import { tempDir } from "../support/tempDir.ts"

const TOKEN = "e2e-covers-token-51c0"
const closers: Array<{ close: () => Promise<void> }> = []

afterEach(async () => {
  await Promise.all(closers.splice(0).map((server) => server.close()))
})

const fast = { times: 2, base: "10 millis" }

const setup = async (
  options: { releases?: Map<number, unknown>; images?: FakeImageServerOptions; imagesPerDay?: number; concurrency?: number } = {}
) => {
  const images: FakeImageServer = await startImageServer(options.images ?? {})
  closers.push(images)
  return setupWith(images, options)
}

const setupWith = async (
  images: FakeImageServer,
  options: { releases?: Map<number, unknown>; imagesPerDay?: number; concurrency?: number } = {}
) => {
  const releases = pointImagesAt(options.releases ?? loadRecordedReleases(), images.url)
  const discogs: FakeDiscogs = await startFakeDiscogs({
    releases,
    collection: options.releases ? syntheticCollection(releases) : demoCollection(releases),
    username: "digger",
    token: TOKEN,
    rateLimit: { limit: 100_000, windowMs: 60_000 }
  })
  closers.push(discogs)
  const dir = tempDir()
  writeTestConfig(dir, {
    discogs: { requestsPerMinute: 60_000, retry: fast, ...(options.imagesPerDay ? { imagesPerDay: options.imagesPerDay } : {}) },
    pipelines: {
      metadata: { steps: { collection: { retry: fast }, release: { retry: fast, concurrency: 4 } } },
      assets: { steps: { covers: { retry: fast, concurrency: options.concurrency ?? 3 } } }
    }
  })
  const env = { DISCOGS_TOKEN: TOKEN, DISCOGS_USERNAME: "digger", DISCOGS_API_URL: discogs.url }
  const crate = (...args: Array<string>) => runCli(args, { cwd: dir, env })
  const sync = await crate("run", "metadata")
  expect(sync.code).toBe(0)
  return { dir, env, crate, images, releases, db: join(dir, "discogs_collection.db"), library: join(dir, "library") }
}

const imageCount = (releases: ReadonlyMap<number, unknown>) =>
  [...releases.values()].reduce<number>((n, body) => n + ((body as { images?: Array<unknown> }).images?.length ?? 0), 0)

/** The library holds exactly the recorded files, each with the bytes served for its image, and no temp file. */
const expectLibraryMatchesDatabase = (db: string, library: string) => {
  const rows = imageRows(db)
  expect(rows.every((row) => row.file_path !== null)).toBe(true)
  for (const row of rows) expect(readLibraryFile(library, row.file_path!).equals(imageBytes(row.position))).toBe(true)
  expect(filesUnder(library)).toEqual(rows.map((row) => row.file_path).sort())
  expect(query(db, "SELECT count(*) AS n FROM releases WHERE covers_downloaded = 0")).toEqual([{ n: 0 }])
}

const writeSql = (db: string, statement: string) => {
  const handle = new Database(db)
  try {
    handle.prepare(statement).run()
  } finally {
    handle.close()
  }
}

describe("crate run assets --only covers (the real CLI against loopback Discogs and image host)", () => {
  it("--max, --release-id, then the rest; every image lands with its name, bytes and record; a reset flag fetches again", async () => {
    const { crate, db, images, library, releases } = await setup()
    const first = await crate("run", "assets", "--only", "covers", "--max", "2")
    expect(first.stderr).toBe("")
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/covers\s+2 \w+ done · 5 still pending/)
    expect(query(db, "SELECT release_id FROM releases WHERE covers_downloaded = 1 ORDER BY release_id")).toEqual([{ release_id: 1 }, { release_id: 2 }])

    expect((await crate("run", "assets", "--only", "covers", "--release-id", "8604223")).stdout).toMatch(/covers\s+1 \w+ done\n/)
    const rest = await crate("run", "assets", "--only", "covers")
    expect(rest.stdout).toMatch(/covers\s+4 \w+ done\n/)
    expectLibraryMatchesDatabase(db, library)
    expect(readdirSync(join(library, "Pink Floyd - Ummagumma [8604223]")).sort()).toEqual([
      "cover.jpg", "cover_10.jpg", "cover_2.png", "cover_3.webp", "cover_4.jpg", "cover_5.jpg", "cover_6.jpg", "cover_7.jpg", "cover_8.jpg", "cover_9.jpg", "metadata.json"
    ])
    const total = imageCount(releases)
    expect(images.requests).toHaveLength(total)
    expect(images.requests.every((r) => r.status === 200 && r.authorization === `Discogs token=${TOKEN}`)).toBe(true)
    expect(query(db, "SELECT used FROM discogs_image_budget")).toEqual([{ used: total }])

    expect((await crate("run", "assets", "--only", "covers")).stdout).toMatch(/covers\s+0 \w+ done\n/)
    expect(images.requests).toHaveLength(total)

    writeSql(db, "UPDATE releases SET covers_downloaded = 0 WHERE release_id = 1503102")
    expect((await crate("run", "assets", "--only", "covers")).stdout).toMatch(/covers\s+1 \w+ done\n/)
    expect(images.requests.slice(total).map((r) => r.path)).toEqual([0, 1, 2, 3].map((i) => imagePath(1503102, i)))
    expectLibraryMatchesDatabase(db, library)
  })

  it("a hostile title (../, slashes, emoji, 300 characters) stays inside its own folder", async () => {
    const title = `../../${"../".repeat(5)}etc/passwd \\ 🎛️🎶 / ${"Ω".repeat(40)} ${"x".repeat(300)}`
    const base = loadRecordedReleases().get(3) as Record<string, unknown>
    const artists = (base["artists"] as Array<Record<string, unknown>>).map((artist) => ({ ...artist, name: "../.." }))
    const hostile = new Map<number, unknown>([[5_000_000, { ...base, id: 5_000_000, title, artists }]])
    const { crate, db, dir, library } = await setup({ releases: hostile })
    const result = await crate("run", "assets", "--only", "covers")
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/covers\s+1 \w+ done\n/)

    const folders = readdirSync(library).filter((name) => name !== tempFolderName)
    expect(folders).toHaveLength(1)
    const folder = folders[0]!
    expect(Buffer.byteLength(folder, "utf8")).toBeLessThanOrEqual(maxNameBytes)
    expect(folder.endsWith(" [5000000]")).toBe(true)
    expect(folder).toContain("🎛️🎶")
    expect(readdirSync(join(library, folder))).toEqual(["cover.jpg", "metadata.json"])
    const [row] = imageRows(db)
    expect(resolve(library, row!.file_path!).startsWith(library + sep)).toBe(true)
    // Nothing was written anywhere else.
    expect(readdirSync(dir).filter((name) => !name.startsWith("discogs_collection.db")).sort()).toEqual(["library", "pipeline.config.mjs"])
    expectLibraryMatchesDatabase(db, library)
  })

  it("killed with SIGKILL in the middle of the covers, the next run leaves no partial or temp file and completes", async () => {
    const releases = syntheticReleases(14)
    const { db, dir, env, images, library } = await setup({ releases, images: { latencyMs: 15 }, concurrency: 3 })
    const run = startCli(["run", "assets", "--only", "covers"], { cwd: dir, env })
    const stop = images.onRequest(() => {
      if (images.requests.length === 20) {
        stop()
        run.child.kill("SIGKILL")
      }
    })
    expect((await run.done).signal).toBe("SIGKILL")
    const downloaded = query<{ n: number }>(db, "SELECT count(*) AS n FROM releases WHERE covers_downloaded = 1")[0]!.n
    expect(downloaded).toBeLessThan(14)
    // What a kill in the middle of a write leaves: a temp file named after the dead process.
    mkdirSync(join(library, tempFolderName), { recursive: true })
    writeFileSync(join(library, tempFolderName, `${run.child.pid}-0badf00d-cover_3.webp`), "half an image")

    const resumed = await runCli(["run", "assets", "--only", "covers"], { cwd: dir, env })
    expect(resumed.code).toBe(0)
    expect(resumed.stdout).toMatch(/item\(s\) left running by a stopped run will be redone/)
    expect(resumed.stdout).toMatch(new RegExp(`covers\\s+${14 - downloaded} \\w+ done\\n`))
    expect(readdirSync(join(library, tempFolderName))).toEqual([])
    expectLibraryMatchesDatabase(db, library)
  })

  it("Ctrl-C in the middle of the covers exits 130, leaves no temp file, and the next run completes", async () => {
    const { db, dir, env, images, library } = await setup({ images: { latencyMs: 30 } })
    const run = startCli(["run", "assets", "--only", "covers"], { cwd: dir, env })
    const stop = images.onRequest(() => {
      if (images.requests.length === 10) {
        stop()
        run.child.kill("SIGINT")
      }
    })
    const interrupted = await run.done
    expect(interrupted.code).toBe(130)
    expect(query(db, "SELECT count(*) AS n FROM checkpoints WHERE status = 'running'")).toEqual([{ n: 0 }])
    expect(filesUnder(join(library, tempFolderName))).toEqual([])
    const resumed = await runCli(["run", "assets", "--only", "covers"], { cwd: dir, env })
    expect(resumed.code).toBe(0)
    expectLibraryMatchesDatabase(db, library)
  })

  it("the daily image budget stops the step with the rest pending, and the next UTC day resumes it", async () => {
    // Images per release, in collection order: 1: 4, 2: 3, 3: 1, 1503102: 4, 8604223: 10, 11578434: 2, 16004480: 11.
    const { crate, db, images, library } = await setup({ imagesPerDay: 12, concurrency: 1 })
    const covers = () => crate("run", "assets", "--only", "covers")
    const done = () => query<{ release_id: number }>(db, "SELECT release_id FROM releases WHERE covers_downloaded = 1 ORDER BY release_id").map((r) => r.release_id)

    const first = await covers()
    expect(first.code).toBe(0)
    expect(first.stdout).toContain("covers: paused: daily image limit reached (discogs.imagesPerDay = 12): the remaining covers resume tomorrow")
    expect(first.stdout).toMatch(/covers\s+4 \w+ done · 3 still pending\n\s+paused: daily image limit reached/)
    expect(done()).toEqual([1, 2, 3, 1503102])
    expect(images.requests).toHaveLength(12)
    expect(query(db, "SELECT item, status, error_kind FROM checkpoints WHERE step = 'covers' AND status != 'done'"))
      .toEqual([{ item: "8604223", status: "pending", error_kind: "deferred" }])

    // The same day: nothing more is fetched.
    expect((await covers()).stdout).toMatch(/covers\s+0 \w+ done · 3 still pending/)
    expect(images.requests).toHaveLength(12)

    // As if midnight UTC had passed.
    writeSql(db, "UPDATE discogs_image_budget SET day = '2000-01-01'")
    expect((await covers()).stdout).toMatch(/covers\s+2 \w+ done · 1 still pending/)
    expect(done()).toEqual([1, 2, 3, 1503102, 8604223, 11578434])
    expect(images.requests).toHaveLength(24)

    writeSql(db, "UPDATE discogs_image_budget SET day = '2000-01-02' WHERE day != '2000-01-01'")
    expect((await covers()).stdout).toMatch(/covers\s+1 \w+ done\n/)
    expect(images.requests).toHaveLength(35)
    expectLibraryMatchesDatabase(db, library)
  })

  it("a redirect is followed only where crate may go: to a host that is not allowed, the image is refused and that host never asked", async () => {
    const images = await startImageServer()
    closers.push(images)
    const port = new URL(images.url).port
    images.setFaults({
      redirect: [
        { path: imagePath(3, 0), to: `http://localhost:${port}/elsewhere.jpg` },
        { path: imagePath(2, 0), to: `${images.url}${imagePath(2, 1)}` }
      ]
    })
    const { crate, db } = await setupWith(images)
    const result = await crate("run", "assets", "--only", "covers")
    expect(result.stdout).toContain(`covers: release 3 failed: image 1 of release 3: refused to fetch "http://localhost:${port}/elsewhere.jpg": localhost is not an allowed host`)
    expect(images.countFor("/elsewhere.jpg")).toBe(0)
    expect(query(db, "SELECT release_id, covers_downloaded FROM releases WHERE release_id IN (2, 3) ORDER BY release_id")).toEqual([
      { release_id: 2, covers_downloaded: 1 },
      { release_id: 3, covers_downloaded: 0 }
    ])
  })

  it("an answer without Content-Length is cut off at the size cap, never held whole, and no file is written", async () => {
    const images = await startImageServer({ faults: { huge: [{ path: imagePath(1, 0), bytes: 600 * 1024 * 1024 }] } })
    closers.push(images)
    const { crate, db, library } = await setupWith(images)
    const result = await crate("run", "assets", "--only", "covers", "--release-id", "1")
    expect(result.stdout).toContain("covers: release 1 failed: image 1 of release 1: refused an image of more than 33554432 bytes")
    expect(query(db, "SELECT covers_downloaded FROM releases WHERE release_id = 1")).toEqual([{ covers_downloaded: 0 }])
    expect(filesUnder(library)).toEqual([])
  })

  it("a library path that is a file, or a link to nowhere, stops the run with one line: nothing is retried or marked failed", async () => {
    for (const make of [(path: string) => writeFileSync(path, "not a folder"), (path: string) => symlinkSync("/nonexistent/crate-library", path)]) {
      const { dir, env, db, library } = await setup()
      // The sync wrote metadata.json into the library: what was a folder becomes the bad path.
      rmSync(library, { recursive: true })
      make(library)
      const result = await runCli(["run", "assets", "--only", "covers"], { cwd: dir, env })
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/^crate: cannot create .*: the library path \(or a folder in it\) is not a folder: check `library` in pipeline\.config\.ts or CRATE_LIBRARY\n$/)
      expect(query(db, "SELECT count(*) AS n FROM checkpoints WHERE step = 'covers' AND status = 'failed'")).toEqual([{ n: 0 }])
      expect(query(db, "SELECT count(*) AS n FROM checkpoints WHERE step = 'covers' AND status = 'done'")).toEqual([{ n: 0 }])
    }
  })

  it("without DISCOGS_TOKEN, stops before any work with one line saying to set it", async () => {
    const { dir, env, images, library } = await setup()
    const result = await runCli(["run", "assets", "--only", "covers"], { cwd: dir, env: { ...env, DISCOGS_TOKEN: "" } })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^crate: DISCOGS_TOKEN is not set: .*export DISCOGS_TOKEN=…`\n$/)
    expect(images.requests).toHaveLength(0)
    expect(filesUnder(library)).toEqual([])
  })
})
