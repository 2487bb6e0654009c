import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { imagePath } from "../../src/fakes/image-server.ts"
import { runCli, startCli } from "../support/cli.ts"
import { query } from "../support/db.ts"
import { type EverydayServers, everydayWorlds, startEverydayServers } from "../support/everyday.ts"
import { tempDir } from "../support/tempDir.ts"

let servers: EverydayServers
beforeAll(async () => {
  servers = await startEverydayServers()
})
afterAll(() => servers.close())
const world = everydayWorlds(() => servers)

const count = (db: string, sql: string) => query<{ n: number }>(db, sql)[0]!.n

interface StatusJson {
  readonly releases: number
  readonly covers: { readonly done: number; readonly total: number }
  readonly youtube: { readonly done: number; readonly total: number }
  readonly audio: { readonly done: number; readonly total: number }
  readonly pending: ReadonlyArray<{ readonly pipeline: string; readonly step: string; readonly releases: number; readonly waiting: number }>
  readonly failures: ReadonlyArray<{ readonly step: string; readonly kind: string; readonly reason: string; readonly count: number; readonly item: string }>
  readonly runs: ReadonlyArray<{ readonly pipeline: string; readonly status: string; readonly command: string }>
  readonly running: { readonly command: string } | null
}

const pct = (done: number, total: number) => Math.floor((done * 100) / total)

describe("crate status (the real CLI on a database synced from the fake Discogs)", () => {
  it("prints the seed's line with figures equal to SQL counts, then what is pending and the last run", async () => {
    const { crate, db } = await world()
    const result = await crate("status")
    expect(result.stderr).toBe("")
    expect(result.code).toBe(0)
    const releases = count(db, "SELECT count(*) AS n FROM releases")
    expect(releases).toBe(8)
    const lines = result.stdout.split("\n")
    const tracks = count(db, "SELECT count(*) AS n FROM tracks")
    expect(lines[0]).toBe(`Releases: ${releases} · Covers: 0/${releases} releases (0%) · YouTube: 0/${releases} releases (0%), 0/${tracks} tracks with a video · ` +
      `Audio: 0/${releases} releases (0%), 0/${tracks} tracks with audio · Analysis: 0/0 tracks (0%) · Waveforms: 0/0 tracks (0%)`)
    expect(lines[1]).toBe(`Tracks: ${tracks} · with a video: 0 · no match: 0 · audio files: 0`)
    expect(result.stdout).toContain([
      "Pending:",
      "  release      nothing",
      "  covers       8 releases",
      "  youtube      8 releases",
      "  audio        none yet, 8 more waiting for youtube"
    ].join("\n"))
    expect(result.stdout).toMatch(/Last runs:\n {2}#1 {4}metadata completed {3}\d+ s ago, [\d.]+ s {2}collection 1 done · release 8 done {2}\(crate run metadata\)/)
  })

  it("after covers with a 404: figures, failures by reason and pending work agree with the database, in text and --json", async () => {
    const { crate, db } = await world()
    servers.images.setFaults({ notFound: [{ path: imagePath(3, 0) }] })
    try {
      expect((await crate("run", "assets", "--only", "covers", "--max", "5")).code).toBe(1) // a failure recorded
    } finally {
      servers.images.setFaults({})
    }
    const status = JSON.parse((await crate("status", "--json")).stdout) as StatusJson
    const covers = count(db, "SELECT count(*) AS n FROM releases WHERE covers_downloaded = 1")
    expect(covers).toBe(4)
    expect(status.releases).toBe(count(db, "SELECT count(*) AS n FROM releases"))
    expect(status.covers).toEqual({ done: covers, total: 8 })
    expect(status.youtube).toEqual({ done: count(db, "SELECT count(*) AS n FROM releases WHERE youtube_matched = 1"), total: 8 })
    // The runner skips permanent failures: they are not pending.
    expect(status.pending.find((work) => work.step === "covers")?.releases).toBe(8 - covers - 1)
    expect(status.failures).toEqual([
      expect.objectContaining({ step: "covers", kind: "permanent", reason: "NotFound", count: 1, item: "3" })
    ])
    expect(status.failures[0]!.count).toBe(count(db, "SELECT count(*) AS n FROM checkpoints WHERE step = 'covers' AND status = 'failed'"))
    expect(status.runs.map((run) => [run.pipeline, run.status, run.command])).toEqual([
      ["assets", "completed", "crate run assets --only covers --max 5"],
      ["metadata", "completed", "crate run metadata"]
    ])

    const text = (await crate("status")).stdout
    expect(text.split("\n")[0]).toMatch(new RegExp(`^Releases: 8 · Covers: ${covers}/8 releases \\(${pct(covers, 8)}%\\) · YouTube: 0/8 releases \\(0%\\), 0/\\d+ tracks with a video · `))
    expect(text).toMatch(/Failures:\n {2}covers {7}1 NotFound \(permanent\), e\.g\. release 3: image 1 of release 3 .*404/)
    expect(text).toContain("to try them again: `crate reset covers --failed`")
    expect(text).toMatch(/#2 {4}assets {3}completed .* covers 4 done, 1 failed, 3 left {2}\(crate run assets --only covers --max 5\)/)
  })

  it("works while a run is writing the database, and says which run it is", async () => {
    const { db, dir, env } = await world()
    servers.images.setLatency(400)
    try {
      const run = startCli(["run", "assets", "--only", "covers", "--max", "2"], { cwd: dir, env })
      await new Promise<void>((resolve) => {
        const stop = servers.images.onRequest(() => {
          stop()
          resolve()
        })
      })
      const status = await runCli(["status"], { cwd: dir, env })
      expect(status.stderr).toBe("")
      expect(status.code).toBe(0)
      expect(status.stdout).toMatch(/^Releases: 8 · Covers: \d\/8/)
      expect(status.stdout).toMatch(/A run is writing now: `crate run assets --only covers --max 2` \(pid \d+ on .+, since .+\)/)
      expect((await run.done).code).toBe(0)
    } finally {
      servers.images.setLatency(0)
    }
    expect(count(db, "SELECT count(*) AS n FROM releases WHERE covers_downloaded = 1")).toBe(2)
  })

  it("without a database, says how to make one in one line", async () => {
    const result = await runCli(["status"], { cwd: tempDir() })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe("")
    expect(result.stderr).toMatch(/^crate: no database at .*discogs_collection\.db: run `crate run metadata` \(or `crate migrate DIR`\) first, or point CRATE_DB at yours\n$/)
  })
})
