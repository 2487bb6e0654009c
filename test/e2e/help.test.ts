import { spawn } from "node:child_process"
import { describe, expect, it } from "vitest"
import { crateBin, runCli } from "../support/cli.ts"
import { tempDir } from "../support/tempDir.ts"

const ESC = "\u001b"
const commands = ["run", "plan", "pipelines", "log", "demo", "match", "status", "query", "playlist", "serve", "reset", "doctor", "migrate", "sync", "assets"]

/** `crate <args>` on a pseudo-terminal (util-linux `script`): what a person at a terminal sees. */
const onTerminal = (dir: string, args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  new Promise<string>((resolve) => {
    const command = [process.execPath, crateBin, ...args].map((word) => `'${word}'`).join(" ")
    const child = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: dir, TERM: "xterm-256color", ...env },
      stdio: ["pipe", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()))
    child.on("close", () => resolve(output))
  })

describe("crate --help (the real CLI)", () => {
  it("piped, every command's help is plain text without the parser's own options", async () => {
    const dir = tempDir()
    for (const args of [[], ...commands.map((command) => [command])]) {
      const result = await runCli([...args, "--help"], { cwd: dir })
      const shown = `crate ${args.join(" ")} --help`
      expect(result.code, shown).toBe(0)
      expect(result.stdout, shown).not.toContain(ESC)
      expect(result.stdout, shown).not.toMatch(/--wizard|--log-level/)
    }
  })

  it("colours where a terminal shows them, none with NO_COLOR", async () => {
    const dir = tempDir()
    expect(await onTerminal(dir, ["--help"])).toContain(`${ESC}[`)
    const plain = await onTerminal(dir, ["run", "--help"], { NO_COLOR: "1" })
    expect(plain).toContain("crate run metadata --max 10")
    expect(plain).not.toContain(ESC)
  })
})
