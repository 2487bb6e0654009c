import Database from "better-sqlite3"
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { runCli, startCli, writeTestConfig } from "../support/cli.ts"
import { query } from "../support/db.ts"
import { type EverydayServers, everydayWorlds, startEverydayServers } from "../support/everyday.ts"
import { tempDir } from "../support/tempDir.ts"

/** Smaller holes a hostile test found, each through the real CLI. */

let servers: EverydayServers
beforeAll(async () => {
  servers = await startEverydayServers()
})
afterAll(() => servers.close())
const world = everydayWorlds(() => servers)

const write = (db: string, statement: string, ...params: Array<unknown>) => {
  const handle = new Database(db)
  try {
    handle.prepare(statement).run(...params)
  } finally {
    handle.close()
  }
}

describe("holes", () => {
  it("a killed run is shown as interrupted, and a lock its dead process left is not 'a run writing now'", async () => {
    const w = await world()
    // As kill -9 leaves them: the run row 'running', the lock held by a pid that is gone (above Linux's pid_max).
    write(w.db, "INSERT INTO runs (pipeline, command, status, pid, started_at) VALUES ('assets', 'crate run assets', 'running', 4194305, '2026-01-01T00:00:00.000Z')")
    write(w.db, "INSERT INTO run_lock VALUES (1, 'dead', 'crate run assets', 4194305, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')", (await import("node:os")).hostname())
    expect((await w.crate("status")).stdout).not.toContain("A run is writing now")
    expect((await w.crate("run", "assets", "--only", "covers", "--max", "1")).code).toBe(0)
    expect(query(w.db, "SELECT status, error FROM runs WHERE command = 'crate run assets'")).toEqual([
      { status: "interrupted", error: "stopped without finishing (killed, or the machine stopped)" }
    ])
  })

  it("SIGHUP (a closed terminal) stops a run as Ctrl-C does: exit 130, the run recorded interrupted, the next run completes", async () => {
    const w = await world()
    servers.images.setLatency(300)
    try {
      const run = startCli(["run", "assets", "--only", "covers"], { cwd: w.dir, env: w.env })
      await new Promise<void>((resolve) => {
        const stop = servers.images.onRequest(() => {
          stop()
          resolve()
        })
      })
      run.child.kill("SIGHUP")
      const result = await run.done
      expect(result.code).toBe(130)
      expect(result.stdout).toMatch(/assets: interrupted after/)
    } finally {
      servers.images.setLatency(0)
    }
    expect(query(w.db, "SELECT status FROM runs ORDER BY run_id DESC LIMIT 1")).toEqual([{ status: "interrupted" }])
    expect((await w.crate("run", "assets", "--only", "covers")).code).toBe(0)
  })

  it("a release folder that is a link to outside the library stops the run before anything is written there", async () => {
    const w = await world()
    const outside = tempDir("crate-outside-")
    mkdirSync(w.library, { recursive: true })
    symlinkSync(outside, join(w.library, "elsewhere"))
    write(w.db, "UPDATE releases SET library_path = 'elsewhere' WHERE release_id = 1")
    const result = await w.crate("run", "assets", "--only", "covers", "--release-id", "1")
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^crate: the release folder .*elsewhere leads outside the library \(to .*\): crate writes only inside it; remove the link\n$/)
    expect(readdirSync(outside)).toEqual([])
  })

  it("a config whose default export is not an object, and a token with a line break: one line each", async () => {
    const dir = tempDir()
    writeFileSync(join(dir, "pipeline.config.mjs"), "export default 42\n")
    const notObject = await runCli(["status"], { cwd: dir })
    expect(notObject.stderr).toBe(`crate: ${join(dir, "pipeline.config.mjs")}: the default export must be an object (defineConfig({ … })), not number\n`)
    const other = tempDir()
    const token = await runCli(["run", "metadata"], { cwd: other, env: { DISCOGS_TOKEN: "abc\ndef", DISCOGS_USERNAME: "x" } })
    expect(token.code).toBe(1)
    expect(token.stderr).toBe("crate: DISCOGS_TOKEN is not a valid token: it holds spaces, line breaks or other characters Discogs tokens do not have; set it again, copied exactly\n")
  })

  it("first runs started together on a new database: each runs, or is refused as busy; never a half-made schema", async () => {
    for (let round = 0; round < 3; round++) {
      const dir = tempDir()
      writeTestConfig(dir)
      // Discogs is not there: each run that gets the database fails its one release and says so in its summary.
      const env = { DISCOGS_TOKEN: "t", DISCOGS_USERNAME: "u", DISCOGS_API_URL: "http://127.0.0.1:9" }
      const results = await Promise.all([1, 2, 3, 4].map(() => runCli(["run", "metadata", "--release-id", "1"], { cwd: dir, env })))
      for (const result of results) {
        expect(result.stderr === "" || /^crate: another crate run is writing this database/.test(result.stderr)).toBe(true)
      }
      expect(query<{ n: number }>(join(dir, "discogs_collection.db"), "SELECT count(*) AS n FROM runs")[0]!.n).toBeGreaterThan(0)
    }
  })

  it("a pipeline that syncs nothing, run where no database is, says to sync first and makes no empty database", async () => {
    const dir = tempDir()
    const result = await runCli(["run", "assets"], { cwd: dir, env: { DISCOGS_TOKEN: "t" } })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(`crate: nothing to work on: there is no database at ${join(dir, ".local", "share", "crate", "discogs_collection.db")} yet; run \`crate run metadata\` first (or \`crate migrate DIR\`), or point CRATE_DB at yours\n`)
    expect(readdirSync(dir)).toEqual([])
  })

  it("a pipeline that syncs nothing, on a database with nothing synced, says to sync first", async () => {
    const dir = tempDir()
    writeTestConfig(dir)
    writeFileSync(join(dir, "discogs_collection.db"), "")
    const result = await runCli(["run", "assets"], { cwd: dir, env: { DISCOGS_TOKEN: "t" } })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(`crate: nothing to work on: the database at ${join(dir, "discogs_collection.db")} has no release yet; run \`crate run metadata\` first (or \`crate migrate DIR\`), or point CRATE_DB at yours\n`)
  })
})
