// `node bin/run-ts.js bench/audio.bench.ts`: the audio step (real CLI, real yt-dlp and ffmpeg)
// downloading 40 tracks from a loopback media host that sends each response at a fixed
// bandwidth (as YouTube throttles each stream), at concurrency 1 and at the configured one.
// Figures and ratios only, never pass/fail.
import Database from "better-sqlite3"
import { spawn, spawnSync } from "node:child_process"
import { cpus } from "node:os"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { builtinPipelines } from "../pipelines/index.ts"
import * as Config from "../src/config/Config.ts"
import { loadRecordedReleases, startFakeDiscogs, syntheticCollection } from "../src/fakes/discogs-server.ts"
import { startMediaServer } from "../src/fakes/media-server.ts"
import { makeTone } from "../src/fakes/media-tone.ts"

const RELEASES = 10
const TRACKS_PER_RELEASE = 4 // release 2 of the recordings has 4 tracks
const BYTES_PER_SECOND = 160_000
const TONE_SECONDS = 8

const root = join(import.meta.dirname, "..")
const bin = join(root, "bin/crate.js")

const crate = (args: ReadonlyArray<string>, cwd: string, env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; ms: number; output: string }>((resolve) => {
    const started = performance.now()
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env } })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()))
    child.on("close", (code) => resolve({ code, ms: performance.now() - started, output }))
  })

const writeConfig = (dir: string, concurrency: number) =>
  writeFileSync(join(dir, "pipeline.config.mjs"), `export default ${JSON.stringify({
    discogs: { requestsPerMinute: 60_000 },
    network: { allowedHosts: ["127.0.0.1"] },
    audio: { sleepSeconds: 0, downloadsAtOnce: concurrency },
    pipelines: { assets: { steps: { audio: { concurrency, retry: { times: 2, base: "100 millis" } } } } }
  })}\n`)

spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" })
const configured = (await Effect.runPromise(Config.load({ cwd: process.cwd(), env: process.env, builtins: builtinPipelines }))).audio.downloadsAtOnce

// 10 copies of release 2 (4 tracks each), synced once by `crate run metadata`.
const base = loadRecordedReleases().get(2) as Record<string, unknown>
const releases = new Map<number, unknown>(Array.from({ length: RELEASES }, (_, i) => [7_000_001 + i, { ...base, id: 7_000_001 + i, title: `${String(base["title"])} #${i + 1}` }]))
const discogs = await startFakeDiscogs({ releases, collection: syntheticCollection(releases), username: "bench", token: "t", rateLimit: { limit: 100_000, windowMs: 60_000 } })
const tone = await makeTone({ seconds: TONE_SECONDS })
const media = await startMediaServer({ media: tone, bytesPerSecond: BYTES_PER_SECOND })
const template = mkdtempSync(join(tmpdir(), "crate-bench-audio-"))
const dirs: Array<string> = [template]

try {
  writeConfig(template, 1)
  const synced = await crate(["run", "metadata"], template, { DISCOGS_TOKEN: "t", DISCOGS_USERNAME: "bench", DISCOGS_API_URL: discogs.url })
  if (synced.code !== 0) throw new Error(`metadata failed:\n${synced.output}`)

  const timeAudio = async (concurrency: number) => {
    const dir = mkdtempSync(join(tmpdir(), "crate-bench-audio-"))
    dirs.push(dir)
    writeConfig(dir, concurrency)
    const db = join(dir, "discogs_collection.db")
    const source = new Database(join(template, "discogs_collection.db"))
    await source.backup(db)
    source.close()
    const handle = new Database(db)
    const tracks = handle.prepare("SELECT track_id, release_id, position FROM tracks").all() as Array<{ track_id: number; release_id: number; position: string }>
    const insert = handle.prepare(`INSERT INTO youtube_matches (track_id, video_id, video_url, video_duration, score, source, matched_at)
      VALUES (?, ?, ?, ?, 0.9, 'search', '2024-01-01T00:00:00Z')`)
    for (const track of tracks) {
      const id = `b${track.release_id}-${track.position}`
      insert.run(track.track_id, id, media.urlFor(id), TONE_SECONDS)
    }
    handle.prepare("UPDATE releases SET youtube_matched = 1").run()
    handle.close()
    const result = await crate(["run", "assets", "--only", "audio"], dir)
    const done = /audio\s+(\d+) done/.exec(result.output)?.[1]
    if (result.code !== 0 || done !== String(RELEASES)) throw new Error(`audio run failed:\n${result.output}`)
    return { ms: result.ms, tracks: tracks.length }
  }

  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  console.log(`audio: ${RELEASES * TRACKS_PER_RELEASE} tracks (${RELEASES} releases), ${(tone.length / 1000).toFixed(0)} kB each, ` +
    `each response sent at ${BYTES_PER_SECOND / 1000} kB/s (≥ ${(tone.length / BYTES_PER_SECOND).toFixed(2)} s a transfer); ` +
    `${cpus().length} CPUs; yt-dlp + ffmpeg run per track`)
  const one = await timeAudio(1)
  console.log(`  concurrency 1: ${seconds(one.ms)} (${(one.ms / one.tracks / 1000).toFixed(2)} s a track)`)
  if (configured === 1) {
    console.log("  the configured concurrency is 1: set audio.downloadsAtOnce in pipeline.config.ts to compare")
  } else {
    const many = await timeAudio(configured)
    console.log(`  concurrency ${configured} (configured): ${seconds(many.ms)} (${(many.ms / many.tracks / 1000).toFixed(2)} s a track)`)
    console.log(`  speed-up: ×${(one.ms / many.ms).toFixed(2)}`)
  }
} finally {
  await Promise.all([discogs.close(), media.close()])
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
}
