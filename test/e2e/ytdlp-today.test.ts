import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { type AudioWorld, setupAudioWorld, write } from "../support/audio-world.ts"
import { runCli } from "../support/cli.ts"
import { query } from "../support/db.ts"

const RICK = 1503102

/** A stand-in yt-dlp: says its version, and otherwise writes the arguments it got (one a line) and fails as yt-dlp fails. */
const fakeYtDlp = (dir: string, version: string) => {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, "yt-dlp")
  writeFileSync(path, `#!/bin/sh
if [ "$1" = "--version" ]; then echo ${version}; exit 0; fi
printf '%s\\n' "$@" >> '${join(dir, "args.txt")}'
echo "ERROR: [generic] this fake downloads nothing" >&2
exit 1
`)
  chmodSync(path, 0o755)
  return { path, args: () => (existsSync(join(dir, "args.txt")) ? readFileSync(join(dir, "args.txt"), "utf8").split("\n") : []) }
}

const worlds: Array<AudioWorld> = []
afterAll(() => Promise.all(worlds.map((world) => world.close())))

const world = async (config: Record<string, unknown> = {}) => {
  const made = await setupAudioWorld({ config })
  worlds.push(made)
  return made
}

/** Points Rick Astley's matched tracks at YouTube itself, as a real run's matches are. */
const onYouTube = (w: AudioWorld) => {
  w.match(RICK)
  write(w.db, `UPDATE youtube_matches SET video_url = 'https://www.youtube.com/watch?v=' || substr(video_id || 'xxxxxxxxxxx', 1, 11)
    WHERE track_id IN (SELECT track_id FROM tracks WHERE release_id = ?)`, RICK)
}

describe("yt-dlp for today's YouTube", () => {
  it("a yt-dlp that runs JavaScript gets the running Node as its runtime, with the configured cookies and options, all before the URL", async () => {
    const w = await world({ audio: { sleepSeconds: 0, cooldown: "1 second", cookies: "cookies.txt", ytDlpArgs: ["--extractor-args", "youtube:player_client=mweb"] } })
    const yt = fakeYtDlp(join(w.dir, "new"), "2026.03.01")
    w.match(RICK)
    const result = await runCli(["run", "assets", "--only", "audio"], { cwd: w.dir, env: { CRATE_YTDLP: yt.path } })
    expect(result.code).toBe(1)
    const args = yt.args()
    const value = (flag: string) => args[args.indexOf(flag) + 1]
    expect(value("--js-runtimes")).toBe(`node:${process.execPath}`)
    expect(value("--cookies")).toBe(join(w.dir, "cookies.txt"))
    expect(value("--extractor-args")).toBe("youtube:player_client=mweb")
    expect(args.indexOf("--js-runtimes")).toBeLessThan(args.indexOf("--"))
  })

  it("an older one is never run on YouTube itself: the audio step stops at once with one line saying how to get a current one, nothing marked failed", async () => {
    const w = await world()
    const yt = fakeYtDlp(join(w.dir, "old"), "2023.03.04")
    onYouTube(w)
    const result = await runCli(["run", "assets", "--only", "audio"], { cwd: w.dir, env: { CRATE_YTDLP: yt.path } })
    expect(yt.args()).toEqual([])
    expect(result.stdout + result.stderr).toContain(
      `yt-dlp 2023.03.04 (${yt.path}) cannot download from YouTube today: it needs 2025.11.12 or newer, which runs YouTube's JavaScript; install a current one`
    )
    expect(result.code).not.toBe(0)
    expect(query(w.db, "SELECT item FROM checkpoints WHERE step = 'audio' AND status = 'failed' AND error_kind = 'permanent'")).toEqual([])
    expect(query(w.db, "SELECT track_id FROM youtube_matches WHERE unavailable_reason IS NOT NULL")).toEqual([])
  })

  it("an older one still downloads from other hosts (the loopback media host here), without --js-runtimes", async () => {
    const w = await world()
    const yt = fakeYtDlp(join(w.dir, "old"), "2023.03.04")
    w.match(RICK)
    await runCli(["run", "assets", "--only", "audio"], { cwd: w.dir, env: { CRATE_YTDLP: yt.path } })
    expect(yt.args().length).toBeGreaterThan(0)
    expect(yt.args()).not.toContain("--js-runtimes")
  })

  it("doctor uses the newest of the yt-dlp found, names the runtime it will give it, and says when one is too old for YouTube", async () => {
    const w = await world()
    const older = fakeYtDlp(join(w.dir, "bin-a"), "2025.01.01")
    // Released today, so that doctor's age check (90 days) has nothing to say whenever the test runs.
    const today = new Date().toISOString().slice(0, 10).replaceAll("-", ".")
    const newer = fakeYtDlp(join(w.dir, "bin-b"), today)
    const path = [join(w.dir, "bin-a"), join(w.dir, "bin-b"), process.env.PATH].join(":")
    const both = await runCli(["doctor"], { cwd: w.dir, env: { PATH: path } })
    const line = both.stdout.split("\n").find((l) => l.includes("yt-dlp:"))!
    expect(line.startsWith(`✓ yt-dlp: ${today} (${newer.path}; the newest of `)).toBe(true)
    expect(line).toContain(`2025.01.01 at ${older.path}`)
    expect(line.endsWith(`; JavaScript runtime for YouTube: node ${process.execPath} (--js-runtimes)`)).toBe(true)

    const old = await runCli(["doctor"], { cwd: w.dir, env: { CRATE_YTDLP: older.path } })
    expect(old.stdout.split("\n").find((l) => l.includes("yt-dlp:"))).toBe(
      `! yt-dlp: 2025.01.01 (${older.path}, configured): yt-dlp 2025.01.01 (${older.path}) cannot download from YouTube today: it needs 2025.11.12 or newer, which runs YouTube's JavaScript; ` +
        "install a current one (`pipx install yt-dlp`, `brew install yt-dlp`, or the standalone binary from https://github.com/yt-dlp/yt-dlp/releases/latest) and put it first on PATH or set CRATE_YTDLP to it"
    )
  })
})
