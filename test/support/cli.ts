import { type ChildProcess, spawn } from "node:child_process"
import { writeFileSync } from "node:fs"
import { join } from "node:path"

/** The CLI as users run it; for the tests that spawn it themselves (a pty, piped stdin). */
export const crateBin = join(import.meta.dirname, "../../bin/crate.js")

export interface CliResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface CliProcess {
  readonly child: ChildProcess
  readonly done: Promise<CliResult>
  /** Output so far. */
  readonly output: () => string
}

/** Starts the real CLI (`node bin/crate.js …`, or another copy's `bin`) as a child process: node itself, so signals reach it. */
export const startCli = (args: ReadonlyArray<string>, options: { cwd: string; env?: Record<string, string>; bin?: string }): CliProcess => {
  const child = spawn(process.execPath, [options.bin ?? crateBin, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", HOME: options.cwd, ...options.env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let stdout = ""
  let stderr = ""
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
  const done = new Promise<CliResult>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })))
  return { child, done, output: () => stdout + stderr }
}

export const runCli = (args: ReadonlyArray<string>, options: { cwd: string; env?: Record<string, string> }) =>
  startCli(args, options).done

/** A pipeline.config.mjs for tests: fast retries, no pacing worth the name. */
export const writeTestConfig = (dir: string, extra: Record<string, unknown> = {}) => {
  const fast = { times: 4, base: "10 millis" }
  const config = {
    discogs: { requestsPerMinute: 60_000, retry: fast },
    pipelines: { metadata: { steps: { collection: { retry: fast }, release: { retry: fast, concurrency: 2 } } } },
    ...extra
  }
  writeFileSync(join(dir, "pipeline.config.mjs"), `export default ${JSON.stringify(config, null, 2)}\n`)
}
