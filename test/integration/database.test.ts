import Sqlite from "better-sqlite3"
import { Effect, Exit } from "effect"
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import * as Database from "../../src/library/Database.ts"
import { tempDir } from "../support/tempDir.ts"

const open = (path: string) => Effect.runPromiseExit(Effect.provide(Database.schemaVersion, Database.layer(path)))

describe("Database.layer", () => {
  it("creates and migrates a new database, and opens it again as it is", async () => {
    const path = join(tempDir(), "sub", "crate.db")
    const first = await open(path)
    expect(Exit.isSuccess(first) && first.value).toBe(Object.keys(Database.migrations).length)
    expect(await open(path)).toStrictEqual(first)
  })

  it("refuses a file that is not SQLite, and leaves it untouched", async () => {
    const path = join(tempDir(), "notes.db")
    writeFileSync(path, "my precious notes\n")
    const exit = await open(path)
    expect(Exit.isFailure(exit) && String(exit.cause)).toContain("it is not a SQLite database")
    expect(readFileSync(path, "utf8")).toBe("my precious notes\n")
  })

  it("refuses another program's SQLite database, and adds nothing to it", async () => {
    const path = join(tempDir(), "photos.db")
    const other = new Sqlite(path)
    other.exec("CREATE TABLE photos (id INTEGER)")
    other.close()
    const exit = await open(path)
    expect(Exit.isFailure(exit) && String(exit.cause)).toContain("it holds another program's tables (photos), not crate's")
    const check = new Sqlite(path, { readonly: true })
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: "photos" }])
    check.close()
  })
})
