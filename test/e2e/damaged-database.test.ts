import Database from "better-sqlite3"
import { createHash } from "node:crypto"
import { copyFileSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { fixturesDir } from "../../src/fakes/discogs-data.ts"
import { runCli, writeTestConfig } from "../support/cli.ts"
import { tempDir } from "../support/tempDir.ts"

/** Databases crate must not trip over: every command says one line, exit 1, and leaves the file as it was. */

const demo = join(fixturesDir, "..", "databases", "demo-schema-6.db")
const env = { DISCOGS_TOKEN: "t", DISCOGS_USERNAME: "demo", DISCOGS_API_URL: "http://127.0.0.1:9", CRATE_YOUTUBE_URL: "http://127.0.0.1:9" }
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex")

const folderWith = (make: (db: string) => void) => {
  const dir = tempDir("crate-damaged-")
  writeTestConfig(dir)
  const db = join(dir, "discogs_collection.db")
  make(db)
  return { dir, db }
}

const commands = [["status"], ["query", "stats"], ["run", "metadata"], ["run", "assets", "--only", "youtube"], ["reset", "covers"]]

describe("a database crate cannot use", () => {
  it("truncated: every command says in one line that it is damaged and what to do, and writes nothing", async () => {
    const { dir, db } = folderWith((db) => writeFileSync(db, readFileSync(demo).subarray(0, 100_000)))
    const before = sha(db)
    for (const args of commands) {
      const result = await runCli(args, { cwd: dir, env })
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/^crate: cannot use the database .*: the file is damaged \(database disk image is malformed\): restore it from a backup, or move it away and run `crate run metadata` to sync into a new one\n$/)
    }
    const doctor = await runCli(["doctor"], { cwd: dir, env })
    expect(doctor.stdout).toMatch(/✗ database: cannot use the database .*: the file is damaged/)
    expect(sha(db)).toBe(before)
  })

  it("damaged in the middle: the command that meets the damage says so in one line; doctor finds it first", async () => {
    const { dir } = folderWith((db) => {
      const bytes = readFileSync(demo)
      bytes.fill(0x41, Math.floor(bytes.length * 0.3), Math.floor(bytes.length * 0.6))
      writeFileSync(db, bytes)
    })
    const doctor = await runCli(["doctor"], { cwd: dir, env })
    expect(doctor.stdout).toMatch(/✗ database: .* is damaged \(.+\): restore it from a backup/)
    const status = await runCli(["status"], { cwd: dir, env })
    expect(status.code).toBe(1)
    expect(status.stderr).toMatch(/^crate: (the database cannot be used|cannot use the database .*): the file is damaged/)
    expect(status.stderr.split("\n").filter(Boolean)).toHaveLength(1)
  })

  it("not SQLite at all: refused, untouched", async () => {
    const { dir, db } = folderWith((db) => writeFileSync(db, Buffer.alloc(50_000, 7)))
    const before = sha(db)
    for (const args of commands) {
      const result = await runCli(args, { cwd: dir, env })
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/^crate: cannot use the database .*: it is not a SQLite database; give another path/)
    }
    expect(sha(db)).toBe(before)
  })

  it("made by a newer crate: neither read nor written, with what to do", async () => {
    const { dir, db } = folderWith((db) => {
      copyFileSync(demo, db)
      const handle = new Database(db)
      handle.prepare("INSERT INTO effect_sql_migrations (migration_id, name) VALUES (99, 'from_the_future')").run()
      handle.close()
    })
    const before = sha(db)
    for (const args of commands) {
      const result = await runCli(args, { cwd: dir, env })
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/^crate: cannot use the database .*: it was made by a newer crate \(schema 99; this crate knows \d+\) and is left untouched: update crate/)
    }
    expect(sha(db)).toBe(before)
  })
})
