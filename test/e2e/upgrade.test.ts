import { copyFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { fixturesDir } from "../../src/fakes/discogs-data.ts"
import { demoCollection, type FakeDiscogs, loadRecordedReleases, startFakeDiscogs } from "../../src/fakes/discogs-server.ts"
import { latestSchemaVersion } from "../../src/query/readDatabase.ts"
import { runCli, writeTestConfig } from "../support/cli.ts"
import { query } from "../support/db.ts"
import { tempDir } from "../support/tempDir.ts"

// The demo database an earlier crate wrote (schema 6: checkpoints keyed by pipeline), see test/fixtures/SOURCES.md.
const oldDatabase = join(fixturesDir, "..", "databases", "demo-schema-6.db")

let discogs: FakeDiscogs
beforeAll(async () => {
  const releases = loadRecordedReleases()
  discogs = await startFakeDiscogs({ releases, collection: demoCollection(releases), username: "demo", token: "t", rateLimit: { limit: 100_000, windowMs: 60_000 } })
})
afterAll(() => discogs.close())

const doneCounts = (stdout: string) => {
  const finished = stdout.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as { _tag: string; summary?: { steps: Array<{ step: string; done: number }> } })
    .find((event) => event._tag === "RunFinished")
  return Object.fromEntries(finished!.summary!.steps.map((step) => [step.step, step.done]))
}

describe("a database an earlier crate wrote", () => {
  it("is upgraded in place and no item is done again", async () => {
    const dir = tempDir("crate-upgrade-")
    const db = join(dir, "discogs_collection.db")
    copyFileSync(oldDatabase, db)
    const before = query<{ step: string; n: number }>(db, "SELECT step, count(*) AS n FROM checkpoints WHERE status = 'done' GROUP BY step ORDER BY step")
    writeTestConfig(dir)
    const env = { DISCOGS_TOKEN: "t", DISCOGS_USERNAME: "demo", DISCOGS_API_URL: discogs.url, CRATE_YOUTUBE_URL: "http://127.0.0.1:9" }

    const metadata = await runCli(["run", "metadata", "--json"], { cwd: dir, env })
    expect(metadata.stderr).toBe("")
    // The listing is looked at (one request: nothing changed); no release is fetched again.
    expect(doneCounts(metadata.stdout)).toEqual({ collection: 1, release: 0 })
    expect(discogs.requests.filter((request) => request.path.startsWith("/releases/"))).toEqual([])

    const assets = await runCli(["run", "assets", "--json"], { cwd: dir, env })
    expect(assets.stderr).toBe("")
    expect(doneCounts(assets.stdout)).toEqual({ covers: 0, youtube: 0, audio: 0, analysis: 0, waveform: 0 })
    // The new analysis step finds the old run's records but not its files (only the database was copied): it says so.
    expect(assets.code).toBe(1)
    expect(assets.stdout).toContain("is gone from the library: `crate reset audio --release-id")

    expect(query(db, "SELECT max(migration_id) AS v FROM effect_sql_migrations")).toEqual([{ v: latestSchemaVersion }])
    expect(query<{ step: string; n: number }>(db, "SELECT step, count(*) AS n FROM checkpoints WHERE status = 'done' AND step NOT IN ('analysis', 'waveform') GROUP BY step ORDER BY step")).toEqual(before)
    const status = await runCli(["status"], { cwd: dir, env })
    expect(status.stdout.split("\n")[0]).toBe("Releases: 7 · Covers: 7/7 releases (100%) · YouTube: 7/7 releases (100%), 14/134 tracks with a video · " +
      "Audio: 7/7 releases (100%), 14/134 tracks with audio · Analysis: 0/14 tracks (0%) · Waveforms: 0/14 tracks (0%)")
  })
})
