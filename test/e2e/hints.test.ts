import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { imagePath } from "../../src/fakes/image-server.ts"
import type { CliResult } from "../support/cli.ts"
import { type EverydayServers, everydayWorlds, startEverydayServers } from "../support/everyday.ts"

let servers: EverydayServers
beforeAll(async () => {
  servers = await startEverydayServers()
})
afterAll(() => servers.close())
const world = everydayWorlds(() => servers)

/** Every command an output suggests, as written between backticks. */
const hintsIn = (result: CliResult) => [...`${result.stdout}\n${result.stderr}`.matchAll(/`(crate [^`]+)`/g)].map((match) => match[1]!)

/**
 * A hint as something to run here: a run becomes its plan (the same flags, read from the
 * database alone: a hint's run must not reach the internet), placeholders get a value.
 */
const asArgs = (hint: string, dir: string): ReadonlyArray<string> | undefined => {
  const words = hint.replace(/^crate /, "").split(/\s+/).map((word) => (word === "DIR" ? dir : word === "ID" || word === "…" ? "1" : word))
  if (words.some((word) => /^<.*>$/.test(word) || word.includes("…"))) return undefined
  if (words[0] === "demo" || words[0] === "serve") return undefined // long-running: their own tests start them
  return words[0] === "run" ? ["plan", ...words.slice(1)] : words
}

describe("the commands crate's outputs suggest (the real CLI)", () => {
  it("each one parses and runs without a usage error", async () => {
    const w = await world()
    const outputs: Array<CliResult> = []
    servers.images.setFaults({ notFound: [{ path: imagePath(3, 0) }] })
    try {
      outputs.push(await w.crate("run", "assets", "--only", "covers", "--max", "3"))
    } finally {
      servers.images.setFaults({})
    }
    outputs.push(await w.crate("status"))
    outputs.push(await w.crate("run", "assets", "--only", "covers", "--max", "0"))
    outputs.push(await w.crate("run", "metadata"))
    outputs.push(await w.crate("run", "assets", "--only", "covrs"))
    outputs.push(await w.crate("stauts"))
    outputs.push(await w.crate("query", "missing", "covers"))
    outputs.push(await w.crate("query", "bpm", "120"))

    const hints = [...new Set(outputs.flatMap(hintsIn))]
    // The outputs above do suggest: the next run, a reset of the failure, the command without --max 0.
    expect(hints).toEqual(expect.arrayContaining([
      "crate run assets --only covers --max 3",
      "crate reset covers --failed",
      "crate run assets --only covers",
      "crate run assets",
      "crate status"
    ]))
    for (const hint of hints) {
      const args = asArgs(hint, w.dir)
      if (args === undefined) continue
      const result = await w.crate(...args)
      expect(result.code, `${hint}: ${result.stderr}`).not.toBe(2)
      expect(result.stderr, hint).not.toMatch(/Received unknown|Expected one of|Missing argument|internal error/)
    }
  })
})
