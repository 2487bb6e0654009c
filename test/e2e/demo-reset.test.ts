import { createServer } from "node:net"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runCli } from "../support/cli.ts"
import { query } from "../support/db.ts"
import { tempDir } from "../support/tempDir.ts"

/** Holds a TCP port on loopback, as another program would. */
const occupy = (port: number) =>
  new Promise<{ close: () => void }>((resolve, reject) => {
    const server = createServer().once("error", reject).listen(port, "127.0.0.1", () => resolve({ close: () => server.close() }))
  })

const origin = (url: string) => new URL(url).origin

describe("crate demo after a reset (the real CLI)", () => {
  it("takes its fakes' ports again, or moves its stored links to new ones when a port is taken: no retries against dead ports", async () => {
    const dir = tempDir()
    const first = await runCli(["demo", "--dir", "d"], { cwd: dir })
    expect(first.code, first.stdout + first.stderr).toBe(0)
    const db = join(dir, "d", "discogs_collection.db")
    const env = { CRATE_DB: db, CRATE_LIBRARY: join(dir, "d", "library") }
    const imagesBefore = origin(query<{ uri: string }>(db, "SELECT uri FROM images LIMIT 1")[0]!.uri)

    // Free ports: the same again, so every stored link stays right.
    expect((await runCli(["reset", "covers"], { cwd: dir, env })).code).toBe(0)
    const again = await runCli(["demo", "--dir", "d"], { cwd: dir })
    expect(again.code, again.stdout + again.stderr).toBe(0)
    expect(again.stdout).toMatch(/covers\s+7 releases done\n/)
    expect(again.stdout).not.toMatch(/retry/)
    expect(origin(query<{ uri: string }>(db, "SELECT uri FROM images LIMIT 1")[0]!.uri)).toBe(imagesBefore)

    // The image host's port taken by another program: the stored links move to the new one.
    const squatter = await occupy(Number(new URL(imagesBefore).port))
    try {
      expect((await runCli(["reset", "covers"], { cwd: dir, env })).code).toBe(0)
      const moved = await runCli(["demo", "--dir", "d"], { cwd: dir })
      expect(moved.code, moved.stdout + moved.stderr).toBe(0)
      expect(moved.stdout).toMatch(/covers\s+7 releases done\n/)
      expect(moved.stdout).not.toMatch(/retry|failed/)
      const origins = query<{ origin: string }>(db, "SELECT DISTINCT substr(uri, 1, instr(substr(uri, 8), '/') + 6) AS origin FROM images")
      expect(origins).toHaveLength(1)
      expect(origins[0]!.origin).not.toBe(imagesBefore)
      // The audio files still belong to their matches: nothing downloaded again.
      expect(moved.stdout).toMatch(/audio\s+0 releases done/)
    } finally {
      squatter.close()
    }
  }, 300_000)
})
