import { existsSync, mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type FakeDiscogs, startFakeDiscogs, syntheticCollection, syntheticReleases } from "../../src/fakes/discogs-server.ts"
import { runCli, writeTestConfig } from "../support/cli.ts"
import { query } from "../support/db.ts"
import { tempDir } from "../support/tempDir.ts"

/** Where the collection lives when nothing says: the user's data folder, the same from every folder. */

const TOKEN = "where-token"
let fake: FakeDiscogs
beforeAll(async () => {
  const releases = syntheticReleases(3)
  fake = await startFakeDiscogs({ releases, collection: syntheticCollection(releases), username: "digger", token: TOKEN, rateLimit: { limit: 100_000, windowMs: 60_000 } })
})
afterAll(() => fake.close())

describe("where crate keeps a collection (the real CLI; HOME is a temporary folder)", () => {
  it("without a config or a database here, in ~/.local/share/crate, said once, and found from any other folder", async () => {
    const home = tempDir()
    const env = { HOME: home, DISCOGS_TOKEN: TOKEN, DISCOGS_USERNAME: "digger", DISCOGS_API_URL: fake.url }
    const somewhere = join(home, "music")
    mkdirSync(somewhere)
    const first = await runCli(["run", "metadata"], { cwd: somewhere, env })
    expect(first.code, first.stderr).toBe(0)
    const db = join(home, ".local", "share", "crate", "discogs_collection.db")
    expect(first.stderr).toBe(`crate: creating a new collection database at ${db} (CRATE_DB or \`database\` in pipeline.config.ts puts it elsewhere)\n`)
    expect(query(db, "SELECT count(*) AS n FROM releases")).toEqual([{ n: 3 }])
    expect(existsSync(join(home, ".local", "share", "crate", "library"))).toBe(true)
    expect(existsSync(join(somewhere, "discogs_collection.db"))).toBe(false)

    // Another folder, the same collection; a second run creates nothing and says nothing of it.
    const elsewhere = join(home, "elsewhere")
    mkdirSync(elsewhere)
    const status = await runCli(["status"], { cwd: elsewhere, env })
    expect(status.stdout).toMatch(/^Releases: 3 ·/)
    expect((await runCli(["run", "metadata"], { cwd: elsewhere, env })).stderr).toBe("")

    // XDG_DATA_HOME moves it.
    const data = join(home, "data")
    const moved = await runCli(["run", "metadata"], { cwd: elsewhere, env: { ...env, XDG_DATA_HOME: data } })
    expect(moved.stderr).toContain(`at ${join(data, "crate", "discogs_collection.db")}`)
  })

  it("a folder with its own config, or a database from before, keeps its collection beside it; ~/.config/crate/pipeline.config.ts serves every other folder", async () => {
    const home = tempDir()
    const env = { HOME: home, DISCOGS_TOKEN: TOKEN, DISCOGS_USERNAME: "digger", DISCOGS_API_URL: fake.url }
    const project = join(home, "project")
    mkdirSync(project)
    writeTestConfig(project)
    expect((await runCli(["run", "metadata"], { cwd: project, env })).code).toBe(0)
    expect(existsSync(join(project, "discogs_collection.db"))).toBe(true)
    expect(existsSync(join(home, ".local", "share", "crate"))).toBe(false)

    // A folder crate used before, without a config: its database is still the one.
    const old = join(home, "old")
    mkdirSync(old)
    writeFileSync(join(old, "discogs_collection.db"), "")
    const oldStatus = await runCli(["status", "--json"], { cwd: old, env })
    expect(oldStatus.stderr).not.toContain(".local")

    // The user's own config, found from any folder; its relative paths are its folder's.
    const userConfig = join(home, ".config", "crate")
    mkdirSync(userConfig, { recursive: true })
    writeFileSync(join(userConfig, "pipeline.config.mjs"), `export default { database: "${join(home, "records.db")}" }\n`)
    const anywhere = join(home, "anywhere")
    mkdirSync(anywhere)
    const run = await runCli(["run", "metadata"], { cwd: anywhere, env })
    expect(run.code, run.stderr).toBe(0)
    expect(query(join(home, "records.db"), "SELECT count(*) AS n FROM releases")).toEqual([{ n: 3 }])
  })
})
