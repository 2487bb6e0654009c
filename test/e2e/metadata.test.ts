import { Effect, Option, Schema } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { normalizeRelease } from "../../src/discogs/normalize.ts"
import { DiscogsRelease } from "../../src/discogs/schema.ts"
import {
  type FakeDiscogs,
  type FakeDiscogsOptions,
  demoCollection,
  loadRecordedReleases,
  startFakeDiscogs,
  syntheticCollection,
  syntheticReleases
} from "../../src/fakes/discogs-server.ts"
import * as Database from "../../src/library/Database.ts"
import { readRelease } from "../../src/library/releaseStore.ts"
import { runCli, startCli, writeTestConfig } from "../support/cli.ts"
import { dumpDiscogsData, query } from "../support/db.ts"
import { tempDir } from "../support/tempDir.ts"

const TOKEN = "e2e-secret-token-0c7d1"
const recorded = loadRecordedReleases()
const fakes: Array<FakeDiscogs> = []

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()))
})

const setup = async (options: Partial<FakeDiscogsOptions> = {}, config: Record<string, unknown> = {}) => {
  const fake = await startFakeDiscogs({
    releases: recorded,
    collection: demoCollection(recorded),
    username: "digger",
    token: TOKEN,
    rateLimit: { limit: 10_000, windowMs: 60_000 },
    ...options
  })
  fakes.push(fake)
  const dir = tempDir()
  writeTestConfig(dir, config)
  const db = join(dir, "discogs_collection.db")
  const env = { DISCOGS_TOKEN: TOKEN, DISCOGS_USERNAME: "digger", DISCOGS_API_URL: fake.url }
  const crate = (...args: Array<string>) => runCli(args, { cwd: dir, env })
  return { fake, dir, db, env, crate }
}

const storedRelease = (db: string, id: number) =>
  Effect.runPromise(readRelease(id).pipe(Effect.provide(Database.layer(db))))

const releaseFetches = (fake: FakeDiscogs) => fake.requests.filter((r) => r.path.startsWith("/releases/"))

describe("crate run metadata (the real CLI against the fake Discogs)", () => {
  it("syncs every release of the collection, and the database says what the recorded JSON says", async () => {
    const { crate, db, fake } = await setup()
    const result = await crate("run", "metadata")
    expect(result.stderr).toBe("")
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/release\s+7 \w+ done/)

    for (const [id, body] of recorded) {
      const expected = normalizeRelease(Schema.decodeUnknownSync(DiscogsRelease)(body))
      expect(Option.getOrThrow(await storedRelease(db, id))).toEqual(expected)
    }
    // Multi-disc with headings; index rows whose sub-tracks carry the audio; per-track artists.
    expect(query(db, "SELECT position, heading, index_title FROM tracks WHERE release_id = 8604223 AND position LIKE 'C1.%' ORDER BY sequence"))
      .toEqual(["C1.1", "C1.2", "C1.3", "C1.4"].map((position) => ({ position, heading: "Studio Album", index_title: "Sysyphus" })))
    expect(query(db, "SELECT count(*) AS n FROM tracks WHERE release_id = 11578434")).toEqual([{ n: 76 }])
    expect(query(db, "SELECT count(DISTINCT t.track_id) AS n FROM track_artists a JOIN tracks t USING (track_id) WHERE t.release_id = 16004480"))
      .toEqual([{ n: query<{ n: number }>(db, "SELECT count(*) AS n FROM tracks WHERE release_id = 16004480")[0]!.n }])
    // The same release owned twice: two collection items, one release.
    expect(query(db, "SELECT instance_id, folder_id FROM collection_items WHERE release_id = 1503102 ORDER BY instance_id"))
      .toHaveLength(2)
    expect(query(db, "SELECT count(*) AS n FROM releases")).toEqual([{ n: 7 }])
    expect(releaseFetches(fake)).toHaveLength(7)
  })

  it("a second run fetches only what is new, and marks what left the collection as removed", async () => {
    const collection = demoCollection(recorded)
    const { crate, db, fake } = await setup({ collection })
    expect((await crate("run", "metadata")).code).toBe(0)
    const before = releaseFetches(fake).length

    const extra = syntheticReleases(1, 9_000_001)
    for (const [id, body] of extra) (recorded as Map<number, unknown>).set(id, body)
    try {
      collection.splice(0, 1) // release 1 leaves the collection…
      collection.push({ instanceId: 77, releaseId: 9_000_001, folderId: 1, dateAdded: "2024-05-01T10:00:00-07:00", rating: 0 }) // …and one arrives
      const second = await crate("run", "metadata")
      expect(second.code).toBe(0)
      expect(releaseFetches(fake).slice(before).map((r) => r.path)).toEqual(["/releases/9000001"])
      expect(query(db, "SELECT release_id, removed_at IS NOT NULL AS removed FROM collection_items WHERE release_id IN (1, 9000001) ORDER BY release_id"))
        .toEqual([{ release_id: 1, removed: 1 }, { release_id: 9_000_001, removed: 0 }])
      expect(query(db, "SELECT count(*) AS n FROM releases WHERE release_id = 1")).toEqual([{ n: 1 }])
    } finally {
      recorded.delete(9_000_001)
    }
  })

  it("--max takes the next N releases, --release-id one release, --refresh fetches it again", async () => {
    const { crate, db, fake } = await setup()
    expect((await crate("run", "metadata", "--max", "3")).stdout).toMatch(/release\s+3 \w+ done · 4 still pending/)
    expect(query(db, "SELECT release_id FROM releases ORDER BY release_id")).toEqual([{ release_id: 1 }, { release_id: 2 }, { release_id: 3 }])
    await crate("run", "metadata", "--release-id", "8604223")
    expect(query(db, "SELECT count(*) AS n FROM releases")).toEqual([{ n: 4 }])
    await crate("run", "metadata", "--release-id", "8604223", "--refresh")
    expect(fake.countFor("/releases/8604223")).toBe(2)
    expect(fake.countFor("/users/digger/collection/folders/0/releases")).toBe(1)
  })

  it("survives 429 bursts, 500s and dropped connections with nothing lost", async () => {
    const { crate, db } = await setup({
      faults: {
        rateLimitBurst: { afterRequests: 2, count: 3 },
        serverErrors: [{ path: "/releases/3", times: 2, status: 502 }, { path: "/users/digger/collection/folders/0/releases", times: 1 }],
        dropConnection: [{ path: "/releases/8604223", times: 1 }]
      }
    })
    const result = await crate("run", "metadata")
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/release\s+7 \w+ done\n/)
    const clean = await setup()
    await clean.crate("run", "metadata")
    expect(dumpDiscogsData(db)).toEqual(dumpDiscogsData(clean.db))
  })

  it("retries a failing request in one layer: a persistent 5xx costs discogs.retry.times + 1 requests a run, not their product", async () => {
    // No step-level retry configured: the built-in Discogs steps leave retries to the client (discogs.retry: 4 times here).
    const { crate, fake } = await setup({ faults: { serverErrors: [{ path: "/releases/3", times: 100, status: 503 }] } }, { pipelines: {} })
    const result = await crate("run", "metadata")
    expect(result.stdout).toMatch(/release\s+6 \w+ done · 1 failed \(1 Server\)/)
    expect(fake.countFor("/releases/3")).toBe(5)
  })

  it("when Discogs is down, the run stops after a few releases in a row fail, exit 1, and the next run tries them again", async () => {
    const many = syntheticReleases(30)
    const ids = [...many.keys()]
    const { crate, fake } = await setup(
      { releases: many, collection: syntheticCollection(many), faults: { random: { seed: 1, serverErrorRate: 1 } } },
      { pipelines: {}, discogs: { requestsPerMinute: 60_000, retry: { times: 1, base: "1 millis" } } }
    )
    const result = await crate("run", "metadata", ...ids.flatMap((id) => ["--release-id", String(id)]))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^crate: release: 5 releases in a row failed \(the last: release \d+: Discogs answered HTTP 500: An internal server error occurred\.\); what it talks to looks down, so the run stops: run the same command again later\n$/)
    // Stopped, not tried item after item (60 requests): at most the 5 and those in flight, each asked twice (one retry).
    expect(releaseFetches(fake).length).toBeLessThanOrEqual((5 + 2) * 2)
    fake.setFaults({})
    expect((await crate("run", "metadata", ...ids.flatMap((id) => ["--release-id", String(id)]))).stdout).toMatch(new RegExp(`release\\s+${ids.length} \\w+ done`))
  })

  it("an interrupted --refresh is continued by the same command: what it re-fetched is not fetched again", async () => {
    const many = syntheticReleases(40)
    const { crate, fake, dir, env } = await setup({ releases: many, collection: syntheticCollection(many), latencyMs: 30 })
    expect((await crate("run", "metadata")).code).toBe(0)
    const before = releaseFetches(fake).length
    const run = startCli(["run", "metadata", "--refresh"], { cwd: dir, env })
    await new Promise<void>((resolve) => {
      const stop = fake.onRequest(() => {
        if (releaseFetches(fake).length - before >= 12) {
          stop()
          resolve()
        }
      })
    })
    run.child.kill("SIGINT")
    const interrupted = await run.done
    expect(interrupted.code).toBe(130)
    const first = releaseFetches(fake).length - before
    const resumed = await crate("run", "metadata", "--refresh")
    expect(resumed.code).toBe(0)
    await fake.settled()
    const second = releaseFetches(fake).length - before - first
    // Together, each release once, and at most the two in flight at the interruption twice.
    expect(first + second).toBeLessThanOrEqual(40 + 2)
    expect(second).toBeLessThan(40)
    // Complete now: the next --refresh starts over.
    expect((await crate("run", "metadata", "--refresh")).stdout).toMatch(/release\s+40 \w+ done/)
  })

  it("a release that vanished from Discogs and one with a malformed body are recorded as permanent failures; the run goes on", async () => {
    const { crate, db } = await setup({
      collection: [...demoCollection(recorded), { instanceId: 99, releaseId: 424242, folderId: 1, dateAdded: "2024-01-01T00:00:00Z", rating: 0 }],
      faults: { malformed: [{ path: "/releases/2", body: JSON.stringify({ ...(recorded.get(2) as object), title: 12 }) }] }
    })
    const result = await crate("run", "metadata")
    expect(result.code).toBe(1) // the run went on to the end, and says failures were recorded
    expect(result.stdout).toContain("release: release 424242 failed: release 424242 is no longer on Discogs (HTTP 404)")
    expect(result.stdout).toContain("release: release 2 failed: release 2: unexpected data from Discogs: title: Expected string, actual 12")
    expect(result.stdout).toMatch(/release\s+6 \w+ done · 2 failed \((1 NotFound, 1 Decode|1 Decode, 1 NotFound)\)/)
    expect(query(db, "SELECT item, status, error_kind, error_reason FROM checkpoints WHERE status = 'failed' ORDER BY item")).toEqual([
      { item: "2", status: "failed", error_kind: "permanent", error_reason: "Decode" },
      { item: "424242", status: "failed", error_kind: "permanent", error_reason: "NotFound" }
    ])
    const again = await crate("run", "metadata")
    expect(again.stdout).toMatch(/release\s+0 \w+ done · 2 skipped after earlier permanent failures/)
  })

  it("a wrong token stops at once with one line, and no token appears in any output, log or the database", async () => {
    const { crate, dir, db } = await setup()
    const wrong = await runCli(["run", "metadata"], { cwd: dir, env: { DISCOGS_TOKEN: "wrong-token-5521", DISCOGS_USERNAME: "digger", DISCOGS_API_URL: (fakes[0]!).url } })
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toBe("crate: DISCOGS_TOKEN was rejected by Discogs: check it at https://www.discogs.com/settings/developers\n")
    expect(fakes[0]!.requests).toHaveLength(1)

    const ok = await crate("run", "metadata", "--json")
    expect(ok.code).toBe(0)
    const everything = [wrong.stdout, wrong.stderr, ok.stdout, ok.stderr, ...["", "-wal", "-shm"].map((suffix) => {
      try {
        return readFileSync(db + suffix).toString("latin1")
      } catch {
        return ""
      }
    })].join("\n")
    expect(everything).not.toContain(TOKEN)
    expect(everything).not.toContain("wrong-token-5521")
  })

  it("without a token or a username, says what to set in one line", async () => {
    const dir = tempDir()
    const noToken = await runCli(["run", "metadata"], { cwd: dir, env: { DISCOGS_USERNAME: "x" } })
    expect(noToken).toMatchObject({ code: 1, stdout: "" })
    expect(noToken.stderr).toMatch(/^crate: DISCOGS_TOKEN is not set: create a personal access token at .*\n$/)
    const noUser = await runCli(["run", "metadata"], { cwd: dir, env: { DISCOGS_TOKEN: "t" } })
    expect(noUser.stderr).toBe("crate: no Discogs username: set discogs.username in pipeline.config.ts or `export DISCOGS_USERNAME=…`\n")
    const badKey = tempDir()
    writeTestConfig(badKey, { databse: "x.db" })
    const bad = await runCli(["run", "metadata"], { cwd: badKey, env: { DISCOGS_TOKEN: "t" } })
    expect(bad.stderr).toBe(`crate: ${join(badKey, "pipeline.config.mjs")}: databse: unknown key; check its spelling in docs/config.md\n`)
  })

  it("refuses a second concurrent run, naming the running one", async () => {
    const releases = syntheticReleases(20)
    const { db, dir, env, fake } = await setup({ releases, collection: syntheticCollection(releases), latencyMs: 500 })
    const first = startCli(["run", "metadata"], { cwd: dir, env })
    await new Promise<void>((resolve) => {
      const stop = fake.onRequest((request) => {
        if (request.path.startsWith("/releases/")) {
          stop()
          resolve()
        }
      })
    })
    const second = await runCli(["run", "metadata"], { cwd: dir, env })
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(
      new RegExp(`^crate: another crate run is writing this database: \`crate run metadata\` \\(pid ${first.child.pid} on .+, since .+\\); wait for it to finish or stop it\\n$`)
    )
    expect((await first.done).code).toBe(0)
    expect(query(db, "SELECT count(*) AS n FROM releases")).toEqual([{ n: 20 }])
  })

  it("Ctrl-C exits 130 and leaves a state the next run completes", async () => {
    const { db, dir, env, fake } = await setup({ latencyMs: 50 })
    const run = startCli(["run", "metadata"], { cwd: dir, env })
    const stop = fake.onRequest((request) => {
      if (request.path === "/releases/3") {
        stop()
        run.child.kill("SIGINT")
      }
    })
    const interrupted = await run.done
    expect(interrupted.code).toBe(130)
    expect(interrupted.stdout).toMatch(/metadata: interrupted after .*; run `crate run metadata` again to continue/)
    expect(query(db, "SELECT status FROM runs")).toEqual([{ status: "interrupted" }])
    expect(query(db, "SELECT count(*) AS n FROM checkpoints WHERE status = 'running'")).toEqual([{ n: 0 }])
    expect(query(db, "SELECT count(*) AS n FROM run_lock")).toEqual([{ n: 0 }])

    const resumed = await runCli(["run", "metadata"], { cwd: dir, env })
    expect(resumed.code).toBe(0)
    expect(query(db, "SELECT count(*) AS n FROM releases")).toEqual([{ n: 7 }])
  })

  it("killed with SIGKILL halfway and started again, ends with the same database, fetching at most the in-flight releases twice", async () => {
    const releases = syntheticReleases(40)
    const concurrency = 3
    const config = { pipelines: { metadata: { steps: { release: { concurrency, retry: { times: 2, base: "10 millis" } } } } } }
    const { db, dir, env, fake } = await setup({ releases, collection: syntheticCollection(releases), latencyMs: 20 }, config)
    const run = startCli(["run", "metadata"], { cwd: dir, env })
    const stop = fake.onRequest(() => {
      if (releaseFetches(fake).length === 15) {
        stop()
        run.child.kill("SIGKILL")
      }
    })
    expect((await run.done).signal).toBe("SIGKILL")
    const resumed = await runCli(["run", "metadata"], { cwd: dir, env })
    expect(resumed.code).toBe(0)
    expect(resumed.stdout).toMatch(/item\(s\) left running by a stopped run will be redone/)

    const counts = new Map<string, number>()
    for (const r of releaseFetches(fake)) counts.set(r.path, (counts.get(r.path) ?? 0) + 1)
    expect(counts.size).toBe(40)
    const twice = [...counts.values()].filter((n) => n === 2).length
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2)
    expect(twice).toBeLessThanOrEqual(concurrency)

    const reference = await setup({ releases, collection: syntheticCollection(releases) }, config)
    expect((await reference.crate("run", "metadata")).code).toBe(0)
    expect(dumpDiscogsData(db)).toEqual(dumpDiscogsData(reference.db))
  })
})
