import { symlinkSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { migrations } from "../../src/library/Database.ts"
import { lookOnPath } from "../../src/tools/findTool.ts"
import { runCli, writeTestConfig } from "../support/cli.ts"
import { type EverydayServers, everydayWorlds, startEverydayServers } from "../support/everyday.ts"
import { tempDir } from "../support/tempDir.ts"

let servers: EverydayServers
beforeAll(async () => {
  servers = await startEverydayServers()
})
afterAll(() => servers.close())
const world = everydayWorlds(() => servers)

/** A PATH with ffmpeg and ffprobe but no yt-dlp. */
const pathWithoutYtDlp = () => {
  const bin = tempDir("crate-path-")
  for (const tool of ["ffmpeg", "ffprobe"]) symlinkSync(lookOnPath(tool, process.env.PATH)!, join(bin, tool))
  return bin
}

const linesOf = (stdout: string, name: string) => stdout.split("\n").filter((line) => line.slice(2).startsWith(`${name}:`))

interface DoctorJson {
  readonly ok: boolean
  readonly checks: ReadonlyArray<{ readonly name: string; readonly status: string; readonly essential: boolean }>
}

describe("crate doctor (the real CLI)", () => {
  it("on a working setup: one line per check, ✓ for each, exit 0", async () => {
    const w = await world()
    const result = await w.crate("doctor")
    expect(result.stderr).toBe("")
    expect(result.code).toBe(0)
    const lines = result.stdout.trim().split("\n")
    expect(lines.map((line) => line.slice(2, line.indexOf(":")))).toEqual(
      ["node", "config", "database", "library", "Discogs token", "username", "yt-dlp", "ffmpeg", "ffprobe", "essentia.js"]
    )
    expect(lines[0]).toBe(`✓ node: ${process.versions.node}`)
    expect(lines[2]).toBe(`✓ database: ${w.db} (writable, schema ${Object.keys(migrations).length})`)
    expect(lines[4]).toBe(`✓ Discogs token: accepted by Discogs (${servers.discogs.url}) as user digger`)
    expect(lines[5]).toBe("✓ username: digger")
    // Debian's yt-dlp is from 2023, too old for YouTube itself: a warning (!), not a failure.
    expect(lines[6]).toMatch(/^(✓ yt-dlp: \d{4}\.\d\d\.\d\d .*JavaScript runtime for YouTube: node |! yt-dlp: \d{4}\.\d\d\.\d\d .*(cannot download from YouTube today|is .* old; YouTube changes often))/)
    expect(lines[7]).toMatch(/^[✓!] ffmpeg: /)
    // The optional, AGPL-3.0 analysis library: installed here by `npm ci`.
    expect(lines[9]).toMatch(/^✓ essentia\.js: \d+\.\d+\.\d+ \(AGPL-3\.0, loaded only by the analysis step\) for tempo and key$/)
    expect(servers.discogs.requests.at(-1)?.path).toBe("/oauth/identity")
  })

  it("a rejected token and a missing yt-dlp (CRATE_YTDLP pointing nowhere): one ✗ line each, exit 1", async () => {
    const w = await world()
    const result = await runCli(["doctor"], { cwd: w.dir, env: { ...w.env, DISCOGS_TOKEN: "wrong-token", CRATE_YTDLP: "/nowhere/yt-dlp" } })
    expect(result.code).toBe(1)
    expect(linesOf(result.stdout, "Discogs token")).toEqual([
      "✗ Discogs token: DISCOGS_TOKEN was rejected by Discogs: check it at https://www.discogs.com/settings/developers"
    ])
    expect(linesOf(result.stdout, "yt-dlp")).toEqual([
      "✗ yt-dlp: CRATE_YTDLP (or tools.ytDlp in pipeline.config.ts) is /nowhere/yt-dlp, which is not an executable file: " +
      "correct it, or unset it to use yt-dlp from PATH (`apt-get install yt-dlp ffmpeg` or `brew install yt-dlp ffmpeg`)"
    ])
    expect(result.stderr).toBe("crate: 2 essential checks failed: Discogs token, yt-dlp\n")
    expect(result.stdout + result.stderr).not.toContain("wrong-token")
  })

  it("yt-dlp missing from PATH; no token; --json says the same", async () => {
    const w = await world()
    const env = { PATH: pathWithoutYtDlp(), DISCOGS_USERNAME: "digger" }
    const result = await runCli(["doctor"], { cwd: w.dir, env })
    expect(result.code).toBe(1)
    expect(linesOf(result.stdout, "yt-dlp")).toEqual([
      "✗ yt-dlp: yt-dlp was not found on PATH: install it (`apt-get install yt-dlp ffmpeg` or `brew install yt-dlp ffmpeg`) or set CRATE_YTDLP (or tools.ytDlp in pipeline.config.ts) to its path"
    ])
    expect(linesOf(result.stdout, "Discogs token")).toEqual([expect.stringMatching(/^✗ Discogs token: DISCOGS_TOKEN is not set/)])
    expect(linesOf(result.stdout, "ffmpeg")).toEqual([expect.stringMatching(/^[✓!] ffmpeg: /)])

    const json = JSON.parse((await runCli(["doctor", "--json"], { cwd: w.dir, env })).stdout) as DoctorJson
    expect(json.ok).toBe(false)
    expect(json.checks.filter((check) => check.status === "fail").map((check) => check.name)).toEqual(["Discogs token", "yt-dlp"])
  })

  it("a missing yt-dlp is not essential when the audio step is disabled; a database not made yet is fine", async () => {
    const dir = tempDir()
    writeTestConfig(dir, { pipelines: { assets: { steps: { audio: { enabled: false } } } } })
    const result = await runCli(["doctor"], { cwd: dir, env: { ...servers.env, CRATE_YTDLP: "/nowhere/yt-dlp" } })
    expect(result.stderr).toBe("")
    expect(result.code).toBe(0)
    expect(linesOf(result.stdout, "yt-dlp")[0]).toMatch(/^✗ yt-dlp: .*\(the audio step is disabled in your config\)$/)
    expect(linesOf(result.stdout, "database")).toEqual([`✓ database: ${join(dir, "discogs_collection.db")} does not exist yet: the first \`crate run metadata\` creates it`])
  })
})
