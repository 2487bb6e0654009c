import { spawn } from "node:child_process"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { crateBin } from "../support/cli.ts"
import { type EverydayServers, type EverydayWorld, everydayWorlds, startEverydayServers } from "../support/everyday.ts"

let servers: EverydayServers
beforeAll(async () => {
  servers = await startEverydayServers()
})
afterAll(() => servers.close())
const world = everydayWorlds(() => servers)

const ESC = "\u001b"

/** `crate <args>` on a pseudo-terminal (util-linux `script`), as a person at a terminal runs it: all it drew. */
const onTerminal = (w: EverydayWorld, args: ReadonlyArray<string>) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    const command = [process.execPath, crateBin, ...args].map((word) => `'${word}'`).join(" ")
    const child = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd: w.dir,
      env: { PATH: process.env.PATH ?? "", HOME: w.dir, TERM: "xterm-256color", ...w.env },
      stdio: ["pipe", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()))
    child.on("close", (code) => resolve({ code, output }))
  })

// Anything but a newline below 0x20, and DEL: carriage returns, escapes, backspaces.
const controlCharacters = /[\u0000-\u0009\u000b-\u001f\u007f]/

describe("progress people can see (the real CLI)", () => {
  it("not on a terminal: plain lines, one per event, no control characters, and the summary", async () => {
    const w = await world()
    const result = await w.crate("run", "assets", "--only", "covers")
    expect(result.code).toBe(0)
    expect(result.stdout + result.stderr).not.toMatch(controlCharacters)
    expect(result.stdout).toMatch(/^run 2: assets \(covers\)\n/)
    expect(result.stdout).toMatch(/^covers: release 1503102 done \([\d.]+ s\)$/m)
    expect(result.stdout).toMatch(/assets: finished in [\d.]+ s\n {2}covers {7}8 releases done\n`crate status` shows where the collection is; `crate query` searches it\.\n$/)
  })

  it("on a terminal: a bar per step redrawn in place (cursor movement, no line per item), then the summary", async () => {
    const w = await world()
    servers.images.setLatency(60)
    const result = await onTerminal(w, ["run", "assets", "--only", "covers"]).finally(() => servers.images.setLatency(0))
    expect(result.code).toBe(0)
    const { output } = result
    // Cursor hidden while drawing and shown again; the line redrawn from column 1 again and again.
    expect(output).toContain(`${ESC}[?25l`)
    expect(output).toContain(`${ESC}[?25h`)
    const redraws = output.split(`${ESC}[1G`).length - 1
    expect(redraws).toBeGreaterThan(3)
    expect(output).toMatch(/covers +[█░]+ \d\/\d/)
    expect(output).toMatch(/covers +█+ 8\/8 · [\d.]+\/(s|min) · finished/)
    expect(output).not.toMatch(/covers: release \d+ done/)
    const summary = output.indexOf("assets: finished in")
    expect(summary).toBeGreaterThan(output.lastIndexOf(`${ESC}[?25h`))
    expect(output.slice(summary)).toMatch(/^assets: finished in [\d.]+ s\r\n {2}covers {7}8 releases done\r\n/)
  })

  it("on a terminal with --json: JSON lines still, no bars", async () => {
    const w = await world()
    const result = await onTerminal(w, ["run", "assets", "--only", "covers", "--max", "1", "--json"])
    expect(result.code).toBe(0)
    expect(result.output).not.toContain(ESC)
    const events = result.output.trim().split("\r\n").map((line) => (JSON.parse(line) as { _tag: string })._tag)
    expect(events[0]).toBe("RunStarted")
    expect(events.at(-1)).toBe("RunFinished")
  })
})
