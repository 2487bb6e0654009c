// The web page (issue #12): time to first byte of crate serve's pages and how long Chromium
// takes to render the collection grid, for a 10,000-release collection synced by the real CLI.
import Database from "better-sqlite3"
import { execFileSync, spawn } from "node:child_process"
import { linkSync, mkdirSync, statSync } from "node:fs"
import { request } from "node:http"
import { join } from "node:path"
import { startFakeDiscogs, syntheticCollection, syntheticReleases } from "../src/fakes/discogs-server.ts"
import { lookOnPath } from "../src/tools/findTool.ts"
import { fmt, removeDir, scratchDir, seconds, timeCli, writeConfig } from "./support.ts"

const SIZE = 10_000
const TOKEN = "bench-token"
const bin = join(import.meta.dirname, "../bin/crate.js")

/** Phase 2's outcome written directly: a cover file per release (hard links of one JPEG), every track matched and downloaded. */
const markEnriched = (dir: string) => {
  const library = join(dir, "library")
  mkdirSync(library, { recursive: true })
  const jpeg = join(dir, "cover.jpg")
  execFileSync("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=600x600", "-frames:v", "1", jpeg])
  const db = new Database(join(dir, "discogs_collection.db"))
  const ids = (db.prepare("SELECT release_id FROM releases").all() as Array<{ release_id: number }>).map((row) => row.release_id)
  const setCover = db.prepare("UPDATE images SET file_path = ? WHERE release_id = ? AND position = 0")
  db.transaction(() => {
    for (const id of ids) {
      mkdirSync(join(library, String(id)))
      linkSync(jpeg, join(library, String(id), "cover.jpg"))
      setCover.run(`${id}/cover.jpg`, id)
    }
  })()
  const at = "'2026-01-01T00:00:00Z'"
  db.exec(`UPDATE releases SET covers_downloaded = 1, youtube_matched = 1, audio_downloaded = 1;
    INSERT INTO youtube_matches (track_id, video_id, video_url, score, source, matched_at)
      SELECT track_id, 'v' || track_id, 'https://www.youtube.com/watch?v=x', 90, 'youtube-music', ${at} FROM tracks;
    INSERT INTO audio_files (track_id, path, codec, duration_seconds, bytes, sha256, video_url, downloaded_at)
      SELECT track_id, 'r/' || track_id || '.opus', 'opus', 200, 1000, 'sha' || track_id, 'https://www.youtube.com/watch?v=x', ${at} FROM tracks`)
  db.close()
}

const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

const figures = (values: ReadonlyArray<number>) => `p50 ${fmt(percentile(values, 50), 1)} ms · p95 ${fmt(percentile(values, 95), 1)} ms`

/** Milliseconds from sending the request to the first byte of the body. */
const firstByte = (url: string) =>
  new Promise<number>((resolve, reject) => {
    const started = performance.now()
    request(url, (res) => {
      res.once("data", () => resolve(performance.now() - started))
      res.resume()
    }).on("error", reject).end()
  })

const startServer = (dir: string) =>
  new Promise<{ url: string; stop: () => void }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "serve", "--port", "0"], { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: dir } })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      const found = /crate serve: (http:\/\/\S+\/)/.exec(out)
      if (found) resolve({ url: found[1]!, stop: () => child.kill("SIGINT") })
    })
    child.on("exit", (code) => reject(new Error(`crate serve exited ${code}`)))
  })

const renderInChromium = async (url: string) => {
  const executablePath = lookOnPath("chromium", process.env.PATH)
  if (executablePath === undefined) return console.log("(no chromium on PATH: grid rendering not measured; apt-get install chromium)")
  const { chromium } = await import("playwright-core")
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] })
  try {
    // bypassCSP: the page forbids eval, which waitForFunction with polling uses.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    // The first screen: the page loaded and every cover in view drawn.
    const firstScreen: Array<number> = []
    for (let i = 0; i < 12; i++) {
      const started = performance.now()
      await page.goto(`${url}?run=${i}`, { waitUntil: "load" })
      await page.waitForFunction(`[...document.querySelectorAll("img.cover")].filter((img) => img.getBoundingClientRect().top < innerHeight).every((img) => img.complete && img.naturalWidth > 0)`)
      if (i > 1) firstScreen.push(performance.now() - started) // the first two warm the browser's and the server's caches
    }
    console.log(`grid, first screen (120 of ${SIZE.toLocaleString("en")} releases in the page): ${figures(firstScreen)}`)
    // The whole grid: scrolled to the end, every page of it fetched and laid out.
    const whole: Array<number> = []
    for (let i = 0; i < 3; i++) {
      const started = performance.now()
      await page.goto(`${url}?whole=${i}`, { waitUntil: "load" })
      await page.waitForFunction(`(() => { scrollTo(0, document.body.scrollHeight); return document.querySelectorAll(".card").length >= ${SIZE} })()`, undefined, { polling: 50, timeout: 600_000 })
      whole.push(performance.now() - started)
    }
    console.log(`grid, all ${SIZE.toLocaleString("en")} releases scrolled through: ${whole.map((ms) => seconds(ms)).join(", ")}`)
  } finally {
    await browser.close()
  }
}

const releases = syntheticReleases(SIZE)
const fake = await startFakeDiscogs({ releases, collection: syntheticCollection(releases), username: "bench", token: TOKEN, rateLimit: { limit: 1e9, windowMs: 60_000 } })
const dir = scratchDir("serve")
try {
  writeConfig(dir, { discogs: { requestsPerMinute: 1e9 }, pipelines: { metadata: { steps: { release: { concurrency: 8 } } } } })
  const synced = await timeCli(["run", "metadata"], dir, { DISCOGS_TOKEN: TOKEN, DISCOGS_USERNAME: "bench", DISCOGS_API_URL: fake.url })
  if (synced.code !== 0) throw new Error(`sync failed: ${synced.stderr}`)
  markEnriched(dir)
  const db = join(dir, "discogs_collection.db")
  console.log(`${SIZE.toLocaleString("en")} releases synced; database ${fmt(statSync(db).size / 1024 ** 2, 1)} MB`)
  const server = await startServer(dir)
  try {
    const pages: ReadonlyArray<readonly [string, string]> = [
      ["collection grid", ""],
      ["search \"stockholm\"", "?q=stockholm"],
      ["filter genre + years", "?genre=Electronic&from=1995&to=2000&sort=year"],
      ["release page", `release/${[...releases.keys()][42]}`],
      ["progress", "progress"]
    ]
    const first = await firstByte(server.url) // reads the collection once (then kept until the database changes)
    console.log(`first request after start (reads the whole collection): ${fmt(first, 1)} ms`)
    for (const [name, path] of pages) {
      const times: Array<number> = []
      for (let i = 0; i < 31; i++) times.push(await firstByte(`${server.url}${path}`))
      // The first of each reads what the page is built from (the status, a sort order) and keeps it until the database changes.
      console.log(`time to first byte, ${name}: first ${fmt(times[0]!, 1)} ms, then ${figures(times.slice(1))}`)
    }
    await renderInChromium(server.url)
  } finally {
    server.stop()
  }
} finally {
  await fake.close()
  removeDir(dir)
}
