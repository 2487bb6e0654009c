import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { type FakeDiscogs, type FakeDiscogsOptions, loadRecordedReleases, startFakeDiscogs, syntheticCollection, syntheticReleases } from "../../src/fakes/discogs-server.ts"
import { runCli, writeTestConfig } from "../support/cli.ts"
import { query } from "../support/db.ts"
import { tempDir } from "../support/tempDir.ts"

/** The collection listing as a record shop sees it: it changes between runs, pages fail, pagination lies. */

const TOKEN = "listing-token"
const fakes: Array<FakeDiscogs> = []
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()))
})

const releases = syntheticReleases(400)
const all = syntheticCollection(releases)
const before = all.slice(0, 250)
// 50 oldest sold, 150 new bought: as many items as before plus 100, the newest on page 1.
const after = all.slice(50)

const setup = async (options: Partial<FakeDiscogsOptions> = {}) => {
  const fake = await startFakeDiscogs({ releases, collection: before, username: "digger", token: TOKEN, rateLimit: { limit: 100_000, windowMs: 60_000 }, ...options })
  fakes.push(fake)
  const dir = tempDir()
  writeTestConfig(dir, { pipelines: {} })
  const db = join(dir, "discogs_collection.db")
  const crate = (...args: Array<string>) => runCli(args, { cwd: dir, env: { DISCOGS_TOKEN: TOKEN, DISCOGS_USERNAME: "digger", DISCOGS_API_URL: fake.url } })
  return { fake, db, crate }
}

const owned = (db: string) => query<{ n: number }>(db, "SELECT count(*) AS n FROM collection_items WHERE removed_at IS NULL")[0]!.n
const removed = (db: string) => query<{ n: number }>(db, "SELECT count(*) AS n FROM collection_items WHERE removed_at IS NOT NULL")[0]!.n
const listingRequests = (fake: FakeDiscogs) => fake.countFor("/users/digger/collection/folders/0/releases")

describe("the collection listing (the real CLI against the fake Discogs)", () => {
  it("a listing that fails half-way removes nothing, and the next run lists everything again: no change is lost", async () => {
    const { fake, db, crate } = await setup()
    expect((await crate("run", "metadata")).stdout).toMatch(/release\s+250 \w+ done/)
    fake.setCollection(after)
    // Page 2 answers 503 however often it is asked, this run.
    fake.setFaults({ collectionPages: [{ page: 2, times: 100, status: 503 }] })
    const broken = await crate("run", "metadata")
    expect(broken.stdout).toMatch(/collection\s+0 \w+ done · 1 failed \(1 Server\)/)
    expect(removed(db)).toBe(0)
    fake.setFaults({})
    const healed = await crate("run", "metadata")
    expect(healed.stdout).not.toContain("no change in the collection")
    expect(owned(db)).toBe(after.length)
    expect(removed(db)).toBe(50)
    expect(query<{ n: number }>(db, "SELECT count(*) AS n FROM releases WHERE discogs_synced_at IS NOT NULL")[0]!.n).toBe(400)
    // Complete again: the next run takes the one-request shortcut.
    const listed = listingRequests(fake)
    expect((await crate("run", "metadata")).stdout).toContain("no change in the collection of digger (350 items)")
    expect(listingRequests(fake) - listed).toBe(1)
  })

  it("a missing later page is not a permanent failure: the next run lists again", async () => {
    const { fake, db, crate } = await setup({ faults: { collectionPages: [{ page: 3, times: 1, status: 404 }] } })
    const first = await crate("run", "metadata")
    expect(first.stdout).toContain("collection: collection of digger failed: page 3 of the collection of digger is missing (HTTP 404); the next run lists it again")
    expect(query(db, "SELECT error_kind, error_reason FROM checkpoints WHERE step = 'collection'")).toEqual([{ error_kind: "transient", error_reason: "MissingPage" }])
    const second = await crate("run", "metadata")
    expect(second.stdout).not.toContain("skipped after earlier permanent failures")
    expect(owned(db)).toBe(250)
    expect(listingRequests(fake)).toBe(3 + 3)
  })

  it("an unknown user is one line and exit 1, with nothing stored as failed", async () => {
    const { fake, db } = await setup()
    const dir = join(db, "..")
    const result = await runCli(["run", "metadata"], { cwd: dir, env: { DISCOGS_TOKEN: TOKEN, DISCOGS_USERNAME: "colector", DISCOGS_API_URL: fake.url } })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(`crate: Discogs has no user "colector": check DISCOGS_USERNAME (or discogs.username in pipeline.config.ts)\n`)
    expect(query(db, "SELECT count(*) AS n FROM checkpoints WHERE status = 'failed'")).toEqual([{ n: 0 }])
  })

  it("pagination that claims a billion pages is followed only as far as the item count goes", async () => {
    const { fake, db, crate } = await setup({ faults: { claimedPages: 1_000_000_000 } })
    const result = await crate("run", "metadata")
    expect(result.code).toBe(0)
    expect(owned(db)).toBe(250)
    expect(listingRequests(fake)).toBe(3)
  })

  it("an answer for another release id is refused, not stored under either id", async () => {
    const recorded = loadRecordedReleases()
    const { db, crate, fake } = await setup({ releases: new Map([[117, { ...(recorded.get(1) as object), id: 999 }]]), collection: [] })
    const first = await crate("run", "metadata", "--release-id", "117")
    expect(first.stdout).toContain("release: release 117 failed: release 117: Discogs answered with release 999; it is not stored")
    expect(query(db, "SELECT count(*) AS n FROM releases")).toEqual([{ n: 0 }])
    expect(query(db, "SELECT status, error_kind FROM checkpoints WHERE step = 'release' AND item = '117'")).toEqual([{ status: "failed", error_kind: "permanent" }])
    expect(fake.countFor("/releases/117")).toBe(1)
  })
})
