import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { runCli, writeTestConfig } from "../support/cli.ts"
import { query } from "../support/db.ts"
import { type EverydayServers, everydayWorlds, startEverydayServers } from "../support/everyday.ts"
import { tempDir } from "../support/tempDir.ts"
import { join } from "node:path"

let servers: EverydayServers
beforeAll(async () => {
  servers = await startEverydayServers()
})
afterAll(() => servers.close())
const world = everydayWorlds(() => servers)

const releasesIn = (db: string) => query<{ release_id: number }>(db, "SELECT release_id FROM releases ORDER BY release_id").map((row) => row.release_id)

describe("the seed's spellings: crate sync and crate assets", () => {
  it("crate sync --release-id=12345 --discogs-only, then --max=2: the equals forms parse and do what run metadata does", async () => {
    const dir = tempDir()
    writeTestConfig(dir)
    const db = join(dir, "discogs_collection.db")
    const crate = (...args: Array<string>) => runCli(args, { cwd: dir, env: servers.env })

    const one = await crate("sync", "--release-id=1503102", "--discogs-only")
    expect(one.stderr).toBe("")
    expect(one.code).toBe(0)
    expect(one.stdout).toMatch(/release\s+1 \w+ done/)
    expect(releasesIn(db)).toEqual([1503102])

    const batch = await crate("sync", "--max=2", "--discogs-only")
    expect(batch.stdout).toMatch(/release\s+2 \w+ done · 5 still pending/)
    expect(batch.stdout).toContain("Run `crate sync --max=2 --discogs-only` again to continue.")
    expect(releasesIn(db)).toHaveLength(3)
    expect((await crate("sync", "--release-id=abc")).stderr).toBe("crate: --release-id abc: expected a Discogs release id, a whole number such as 1503102\n")
  })

  it("crate assets --covers-only --max=2 runs the covers step on two releases; --youtube-only and --audio-only pick their step", async () => {
    const w = await world()
    const covers = await w.crate("assets", "--covers-only", "--max=2")
    expect(covers.code).toBe(0)
    expect(covers.stdout).toMatch(/^run 2: assets \(covers\)$/m)
    expect(covers.stdout).toMatch(/covers\s+2 \w+ done · 6 still pending/)
    expect(query(w.db, "SELECT count(*) AS n FROM releases WHERE covers_downloaded = 1")).toEqual([{ n: 2 }])

    // --max=0 takes nothing: which steps would run is all it shows, with no network.
    const youtube = await w.crate("assets", "--youtube-only", "--max=0", "--json")
    expect(JSON.parse(youtube.stdout.split("\n")[0]!)).toMatchObject({ _tag: "RunStarted", steps: ["youtube"] })
    const both = await w.crate("assets", "--covers-only", "--youtube-only", "--max=0", "--json")
    expect(JSON.parse(both.stdout.split("\n")[0]!)).toMatchObject({ steps: ["covers", "youtube"] })

    const audio = await runCli(["assets", "--audio-only", "--release-id=1"], { cwd: w.dir, env: { ...w.env, CRATE_YTDLP: "/nowhere/yt-dlp" } })
    expect(audio.code).toBe(1)
    expect(audio.stderr).toMatch(/^crate: the audio step cannot run: CRATE_YTDLP .* is \/nowhere\/yt-dlp/)
  })

  it("--help shows examples for every everyday command", async () => {
    const dir = tempDir()
    for (const command of ["status", "query", "reset", "doctor", "migrate", "sync", "assets"]) {
      const help = await runCli([command, "--help"], { cwd: dir })
      expect(help.code).toBe(0)
      expect(help.stdout).toContain("Examples:")
      expect(help.stdout).toContain(`crate ${command}`)
    }
  })
})
