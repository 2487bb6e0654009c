import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const bin = join(import.meta.dirname, "../bin/crate.js")

export interface Timed {
  readonly code: number | null
  readonly ms: number
  readonly peakRssMb: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the real CLI and times it. Peak RSS comes from GNU time's %M when /usr/bin/time
 * exists, else it is reported as NaN.
 */
export const timeCli = (
  args: ReadonlyArray<string>,
  cwd: string,
  env: Record<string, string>,
  options: { readonly measureRss?: boolean } = {}
): Promise<Timed> =>
  new Promise((resolve) => {
    const started = performance.now()
    const command = options.measureRss && existsSync("/usr/bin/time")
      ? ["/usr/bin/time", ["-f", "peak-rss-kb=%M", process.execPath, bin, ...args]] as const
      : [process.execPath, [bin, ...args]] as const
    const child = spawn(command[0], command[1], { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env } })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.on("close", (code) => {
      const match = /peak-rss-kb=(\d+)/.exec(stderr)
      resolve({ code, ms: performance.now() - started, peakRssMb: match ? Number(match[1]) / 1024 : Number.NaN, stdout, stderr })
    })
  })

export const scratchDir = (name: string) => mkdtempSync(join(tmpdir(), `crate-bench-${name}-`))
export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true })

export const writeConfig = (dir: string, config: unknown) =>
  writeFileSync(join(dir, "pipeline.config.mjs"), `export default ${JSON.stringify(config, null, 2)}\n`)

export const fmt = (n: number, digits = 2) => n.toFixed(digits)
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
