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
      // Fits 100 columns, USAGE starts with crate, none of the parser's boilerplate.
      expect(result.stdout.split("\n").filter((line) => line.length > 100), shown).toEqual([])
      expect(result.stdout, shown).toMatch(/^USAGE\n {2}crate /m)
      expect(result.stdout, shown).not.toMatch(/A user-defined piece of text|A true or false value|This setting is optional|^\$ /m)
    }
    const root = await runCli(["--help"], { cwd: dir })
    expect(root.stdout).toContain("GETTING STARTED\n  crate demo")
    for (const command of commands) expect(root.stdout).toMatch(new RegExp(`^ {2}${command} +\\S`, "m"))
    // A subcommand's own help, with its arguments.
    const show = await runCli(["match", "show", "--help"], { cwd: dir })
    expect(show.stdout).toMatch(/^USAGE\n {2}crate match show \[options\] <release_id>$/m)
    // The run's examples and the steps --only takes are in its help.
    const run = await runCli(["run", "--help"], { cwd: dir })
    expect(run.stdout).toContain("    crate run assets --only youtube")
  })

  it("a mistyped option gets one line with the closest one, and exit 2", async () => {
    const dir = tempDir()
    const result = await runCli(["run", "metadata", "--maxx", "3"], { cwd: dir })
    expect(result.code).toBe(2)
    expect(result.stderr).toBe("crate: run has no option --maxx (did you mean \"--max\"?); `crate run --help` lists its options\n")
    const status = await runCli(["status", "--jsn"], { cwd: dir })
    expect(status.code).toBe(2)
    expect(status.stderr).toContain("(did you mean \"--json\"?)")
  })

  it("colours where a terminal shows them, none with NO_COLOR", async () => {
    const dir = tempDir()
    expect(await onTerminal(dir, ["--help"])).toContain(`${ESC}[`)
    const plain = await onTerminal(dir, ["run", "--help"], { NO_COLOR: "1" })
    expect(plain).toContain("crate run metadata --max 10")
    expect(plain).not.toContain(ESC)
  })
})
