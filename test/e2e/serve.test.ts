import { request as httpRequest } from "node:http"
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MediaServer, startMediaServer } from "../../src/fakes/media-server.ts"
import { watchUrl } from "../../src/youtube/step.ts"
import { testTone, write } from "../support/audio-world.ts"
import { artefact, chromiumPath, launchChromium } from "../support/browser.ts"
import { type CliProcess, runCli, startCli, writeTestConfig } from "../support/cli.ts"
import { query } from "../support/db.ts"
import { ACCENTED_ID, type EverydayServers, startEverydayServers } from "../support/everyday.ts"

const RICK = 1503102
const STOCKHOLM = 1
/** The candidate the review test chooses for Stockholm's A: its audio waits at the media host until the test has seen the run live. */
const CHOSEN = "stockhAlt02"

const fast = { times: 2, base: "10 millis" }

interface World {
  readonly dir: string
  readonly db: string
  readonly library: string
  readonly media: MediaServer
  readonly env: Record<string, string>
  readonly crate: (...args: Array<string>) => ReturnType<typeof runCli>
  readonly serve: (...args: Array<string>) => Promise<{ readonly url: string; readonly process: CliProcess }>
  /** Whether the media host is holding the download of CHOSEN now. */
  readonly holding: () => boolean
  /** Lets the held download of CHOSEN go on. */
  readonly release: () => void
}

const servers: Array<CliProcess> = []
let everyday: EverydayServers | undefined
let world: World
let browser: Browser

const trackId = (releaseId: number, position: string) =>
  query<{ track_id: number }>(world.db, "SELECT track_id FROM tracks WHERE release_id = ? AND position = ?", releaseId, position)[0]!.track_id

const parts = (title: number, artist: number, duration: number | null) => JSON.stringify({ title, artist, duration, official: 0, penalties: 0 })

/** What the youtube step would have decided: Rick Astley's tracks matched at 90, Stockholm's "no match", its A with two candidates below the bar. */
const decide = (db: string, media: MediaServer) => {
  const at = "2026-01-01T00:00:00Z"
  const rick = query<{ track_id: number; position: string; title: string }>(db, "SELECT track_id, position, title FROM tracks WHERE release_id = ?", RICK)
  for (const [i, track] of rick.entries()) {
    const videoId = `rickTrack0${i}`
    write(db, `INSERT INTO youtube_matches (track_id, video_id, video_url, video_title, channel, video_duration, score, source, matched_at)
      VALUES (?, ?, ?, ?, 'Rick Astley', 8, 90, 'youtube-music', ?)`, track.track_id, videoId, watchUrl(media.url, videoId), track.title, at)
    write(db, `INSERT INTO youtube_candidates (track_id, video_id, rank, source, kind, title, artists, duration_seconds, score, parts, considered_at)
      VALUES (?, ?, 0, 'youtube-music', 'song', ?, '["Rick Astley"]', 8, 90, ?, ?)`, track.track_id, videoId, track.title, parts(55, 25, 10), at)
  }
  write(db, "UPDATE releases SET youtube_matched = 1 WHERE release_id = ?", RICK)
  const stockholm = query<{ track_id: number; position: string }>(db, "SELECT track_id, position FROM tracks WHERE release_id = ? ORDER BY sequence", STOCKHOLM)
  for (const track of stockholm) {
    write(db, "INSERT INTO youtube_matches (track_id, score, source, matched_at) VALUES (?, ?, 'youtube-music', ?)", track.track_id, track.position === "A" ? 64 : 20, at)
  }
  write(db, "UPDATE releases SET youtube_matched = 1 WHERE release_id = ?", STOCKHOLM)
  const a = stockholm.find((track) => track.position === "A")
  const candidates = [
    ["stockhAlt01", "Östermalm (Live at Berns)", 64],
    [CHOSEN, "The Persuader - Östermalm", 61]
  ] as const
  for (const [rank, [videoId, title, score]] of candidates.entries()) {
    write(db, `INSERT INTO youtube_candidates (track_id, video_id, rank, source, kind, title, artists, duration_seconds, score, parts, notes, considered_at)
      VALUES (?, ?, ?, 'youtube-music', 'video', ?, '["Svek Records"]', 8, ?, ?, '["credited to Svek Records"]', ?)`,
      a!.track_id, videoId, rank, title, score, parts(45, 0, 15), at)
  }
}

const makeWorld = async (): Promise<World> => {
  everyday = await startEverydayServers()
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  let holding: boolean | undefined
  const tone = await testTone()
  const media = await startMediaServer({
    media: async (id) => {
      if (id === CHOSEN && holding === undefined) {
        holding = true
        await held
        holding = false
      }
      return tone
    }
  })
  // Not tempDir: that one is removed after each test, and this world serves the whole file.
  const dir = mkdtempSync(join(tmpdir(), "crate-serve-"))
  writeTestConfig(dir, {
    network: { allowedHosts: ["127.0.0.1"] },
    youtube: { baseUrl: media.url },
    audio: { sleepSeconds: 0, cooldown: "1 second" },
    pipelines: {
      metadata: { steps: { collection: { retry: fast }, release: { retry: fast, concurrency: 4 } } },
      assets: { steps: { covers: { retry: fast, concurrency: 3 }, audio: { retry: fast } } }
    }
  })
  const env = everyday.env
  const crate = (...args: Array<string>) => runCli(args, { cwd: dir, env })
  const db = join(dir, "discogs_collection.db")
  for (const args of [["run", "metadata"], ["run", "assets", "--only", "covers"]]) {
    const result = await crate(...args)
    if (result.code !== 0) throw new Error(`crate ${args.join(" ")} failed: ${result.stderr}${result.stdout}`)
  }
  decide(db, media)
  const audio = await crate("run", "assets", "--only", "audio", "--release-id", String(RICK))
  if (audio.code !== 0) throw new Error(`crate run assets --only audio failed: ${audio.stderr}${audio.stdout}`)
  const serve = async (...args: Array<string>) => {
    const process = startCli(["serve", "--port", "0", ...args], { cwd: dir, env })
    servers.push(process)
    const url = await new Promise<string>((resolve, reject) => {
      const look = () => {
        const found = /crate serve: (http:\/\/\S+\/)/.exec(process.output())
        if (found) resolve(found[1]!)
      }
      process.child.stdout!.on("data", look)
      process.done.then((result) => reject(new Error(`crate serve stopped: ${result.stderr}`)))
    })
    return { url, process }
  }
  return { dir, db, library: join(dir, "library"), media, env, crate, serve, holding: () => holding === true, release: () => release() }
}

/** A request with the headers a browser would not let a page set (Host). */
const raw = (url: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const target = new URL(url)
    const req = httpRequest({ host: target.hostname, port: target.port, path, method: options.method ?? "GET", headers: options.headers }, (res) => {
      let body = ""
      res.on("data", (chunk: Buffer) => (body += chunk.toString()))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on("error", reject)
    req.end(options.body)
  })

const newPage = async (width = 1280, height = 1600): Promise<Page> => {
  const page = await browser.newPage({ viewport: { width, height } })
  page.on("pageerror", (error) => {
    throw error
  })
  return page
}

const chromiumMissing = chromiumPath() === undefined && process.env.CI === undefined

describe.skipIf(chromiumMissing)("crate serve in a real Chromium", () => {
  let url: string

  beforeAll(async () => {
    world = await makeWorld()
    url = (await world.serve()).url
    browser = await launchChromium()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    for (const server of servers) server.child.kill("SIGINT")
    await Promise.all(servers.map((server) => server.done))
    world?.release()
    await world?.media.close()
    await everyday?.close()
    if (world !== undefined) rmSync(world.dir, { recursive: true, force: true })
  })

  it("listens on loopback only, on the port it prints", () => {
    expect(new URL(url).hostname).toBe("127.0.0.1")
  })

  it("shows every release of the collection in the grid, each with its downloaded cover", async () => {
    const page = await newPage()
    await page.goto(url)
    const releases = query<{ n: number }>(world.db, "SELECT count(*) AS n FROM releases")[0]!.n
    const withCover = query<{ n: number }>(world.db, "SELECT count(DISTINCT release_id) AS n FROM images WHERE file_path IS NOT NULL")[0]!.n
    expect(withCover).toBe(releases)
    await expect.poll(() => page.locator(".card").count()).toBe(releases)
    // Read through evaluateAll, never waitForFunction: its polling evaluates strings, which the page's CSP forbids.
    type Picture = { readonly complete: boolean; readonly naturalWidth: number }
    const covers = () => page.locator("img.cover").evaluateAll((images) => images.map((img) => img as unknown as Picture).map(({ complete, naturalWidth }) => ({ complete, naturalWidth })))
    await expect.poll(async () => (await covers()).every((cover) => cover.complete)).toBe(true)
    const sizes = (await covers()).map((cover) => cover.naturalWidth)
    expect(sizes).toHaveLength(releases)
    for (const width of sizes) expect(width).toBeGreaterThan(0)
    await expect.poll(() => page.locator(".summary").textContent()).toBe(`${releases} releases`)
    await page.screenshot({ path: artefact("collection.png"), fullPage: true })
    await page.close()
  })

  it("finds a release by a search in another case and without its accents, as it is typed", async () => {
    const page = await newPage()
    await page.goto(url)
    const [accented] = query<{ title: string }>(world.db, "SELECT title FROM releases WHERE release_id = ?", ACCENTED_ID)
    expect(accented!.title).toBe("Ágætis byrjun")
    await page.getByLabel("Search").fill("SIGUR ROS")
    await expect.poll(() => page.locator(".card .title").allTextContents()).toEqual(["Ágætis byrjun"])
    expect(new URL(page.url()).searchParams.get("q")).toBe("SIGUR ROS")
    await page.getByLabel("Search").fill("agaetis BYRJUN")
    await expect.poll(() => page.locator(".card .title").allTextContents()).toEqual(["Ágætis byrjun"])
    await page.screenshot({ path: artefact("search.png") })
    await page.getByLabel("Search").fill("")
    await page.getByLabel("Genre").selectOption("Pop")
    const pop = query<{ title: string }>(world.db, `SELECT r.title FROM releases r JOIN release_genres USING (release_id) JOIN genres g USING (genre_id)
      WHERE g.name = 'Pop' ORDER BY r.title`).map((row) => row.title)
    expect(pop.length).toBeGreaterThan(0)
    await expect.poll(async () => (await page.locator(".card .title").allTextContents()).sort()).toEqual(pop)
    await page.close()
  })

  it("fits a phone's width: no page scrolls sideways", async () => {
    const page = await newPage(390, 844)
    for (const path of ["", `release/${RICK}`, "progress", `review/track/${trackId(STOCKHOLM, "A")}`]) {
      await page.goto(`${url}${path}`)
      const overflow = await page.locator("html").evaluate((root) => {
        const { clientWidth, scrollWidth } = root as unknown as { readonly scrollWidth: number; readonly clientWidth: number }
        return scrollWidth - clientWidth
      })
      expect(overflow, path || "/").toBeLessThanOrEqual(0)
    }
    await page.goto(url)
    await page.screenshot({ path: artefact("collection-phone.png") })
    await page.close()
  })

  it("plays a downloaded track on its release page (range requests), beside its match and its analysis column", async () => {
    const page = await newPage()
    const ranges: Array<number> = []
    page.on("response", (response) => {
      if (response.url().includes(".opus")) ranges.push(response.status())
    })
    await page.goto(`${url}release/${RICK}`)
    await expect.poll(() => page.locator("h1").textContent()).toBe("Never Gonna Give You Up")
    const audio = page.locator("audio").first()
    expect(await page.locator("audio").count()).toBe(query(world.db, "SELECT 1 FROM audio_files f JOIN tracks t USING (track_id) WHERE t.release_id = ?", RICK).length)
    // The test's own types have no DOM: the element is described by what is used of it.
    type Player = { play(): Promise<void>; readonly currentTime: number }
    await audio.evaluate((element) => (element as unknown as Player).play())
    await expect.poll(() => audio.evaluate((element) => (element as unknown as Player).currentTime), { timeout: 30_000 }).toBeGreaterThan(0.5)
    expect(ranges).toContain(206)
    await page.screenshot({ path: artefact("release.png"), fullPage: true })
    await page.close()
  })

  it("review: choosing a candidate by its key writes the override, and the next audio run downloads that video while the progress page follows it", async () => {
    const track = trackId(STOCKHOLM, "A")
    const page = await newPage()
    await page.goto(`${url}review`)
    await expect.poll(() => page.locator("#track-title").textContent()).toContain("Östermalm")
    expect(await page.locator(".candidate").count()).toBe(2)
    await page.screenshot({ path: artefact("review.png"), fullPage: true })
    await page.keyboard.press("2")
    await page.waitForURL((to) => !to.pathname.endsWith(`/review/track/${track}`) || to.searchParams.has("saved"))
    const [override] = query<{ video_id: string; video_url: string; is_override: number; source: string }>(
      world.db, "SELECT video_id, video_url, is_override, source FROM youtube_matches WHERE track_id = ?", track)
    expect(override).toEqual({ video_id: CHOSEN, video_url: watchUrl(world.media.url, CHOSEN), is_override: 1, source: "override" })

    const progress = await newPage()
    await progress.goto(`${url}progress`)
    await expect.poll(() => progress.locator("#progress").getAttribute("data-live")).toBe("idle")
    const run = startCli(["run", "assets", "--only", "audio"], { cwd: world.dir, env: world.env })
    await expect.poll(() => world.holding(), { timeout: 30_000 }).toBe(true)
    // The page was loaded before the run: it shows the run without a reload.
    await expect.poll(() => progress.locator(".running").textContent(), { timeout: 30_000 }).toContain("crate run assets --only audio")
    await progress.screenshot({ path: artefact("progress.png"), fullPage: true })
    // A decision while the run holds the database is not saved, and the page says why.
    const b1 = trackId(STOCKHOLM, "B1")
    const b1Before = query(world.db, "SELECT * FROM youtube_matches WHERE track_id = ?", b1)
    await page.goto(`${url}review/track/${b1}`)
    await page.keyboard.press("n")
    await expect.poll(() => page.locator(".notice").textContent()).toContain("Not saved: another crate run is writing this database: `crate run assets --only audio`")
    expect(query(world.db, "SELECT * FROM youtube_matches WHERE track_id = ?", b1)).toEqual(b1Before)
    world.release()
    const result = await run.done
    expect(result.code, result.stdout + result.stderr).toBe(0)
    const [file] = query<{ video_url: string }>(world.db, "SELECT video_url FROM audio_files WHERE track_id = ?", track)
    expect(file?.video_url).toBe(watchUrl(world.media.url, CHOSEN))
    await expect.poll(() => progress.locator("#progress").getAttribute("data-live"), { timeout: 30_000 }).toBe("idle")
    await page.close()
    await progress.close()
  })

  it("refuses a foreign Host, a change from another origin or without its token, and paths out of the library", async () => {
    const port = new URL(url).port
    expect((await raw(url, "/", { headers: { host: `rebound.example:${port}` } })).status).toBe(421)
    const track = trackId(STOCKHOLM, "B1")
    const before = query(world.db, "SELECT * FROM youtube_matches WHERE track_id = ?", track)
    const page = await (await fetch(url)).text()
    const token = /name="crate-token" content="([^"]+)"/.exec(page)![1]!
    const form = (extra: string) => `token=${token}&action=none${extra}`
    const post = (headers: Record<string, string>, body: string) =>
      raw(url, `/review/track/${track}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body })
    expect((await post({ origin: "http://evil.example" }, form(""))).status).toBe(403)
    expect((await post({}, form(""))).status).toBe(403)
    expect((await post({ origin: url.replace(/\/$/, "") }, "action=none")).status).toBe(403)
    expect(query(world.db, "SELECT * FROM youtube_matches WHERE track_id = ?", track)).toEqual(before)

    writeFileSync(join(world.dir, "secret.txt"), "not for the web")
    const [folder] = query<{ library_path: string }>(world.db, "SELECT library_path FROM releases WHERE release_id = ?", RICK)
    symlinkSync(join(world.dir, "secret.txt"), join(world.library, folder!.library_path, "linked.jpg"))
    const folderUrl = folder!.library_path.split("/").map(encodeURIComponent).join("/")
    for (const path of ["/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/..%2fsecret.txt", `/files/${folderUrl}/linked.jpg`, "/files/%E0%A4%A"]) {
      const answer = await raw(url, path)
      expect(answer.status, path).toBe(404)
      expect(answer.body, path).not.toContain("not for the web")
    }
  })

  it("--read-only shows the review without ways to change it, and refuses changes", async () => {
    const readOnly = (await world.serve("--read-only")).url
    const page = await newPage()
    await page.goto(`${readOnly}review?below=101`)
    await expect.poll(() => page.locator(".candidate").count()).toBeGreaterThan(0)
    expect(await page.locator("button[data-key]").count()).toBe(0)
    const token = /name="crate-token" content="([^"]+)"/.exec(await page.content())![1]!
    const answer = await raw(readOnly, `/review/track/${trackId(RICK, "A")}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: readOnly.replace(/\/$/, "") },
      body: `token=${token}&action=none`
    })
    expect(answer.status).toBe(403)
    await page.close()
  })

  it("beyond loopback, asks every request for the password it was given", async () => {
    const server = startCli(["serve", "--host", "0.0.0.0", "--port", "0"], { cwd: world.dir, env: { ...world.env, CRATE_SERVE_PASSWORD: "open sesame" } })
    servers.push(server)
    const shown = await new Promise<string>((resolve) => server.child.stdout!.on("data", () => {
      const found = /crate serve: (http:\/\/\S+\/)/.exec(server.output())
      if (found) resolve(found[1]!)
    }))
    const host = new URL(shown).host
    const basic = (password: string) => `Basic ${Buffer.from(`me:${password}`).toString("base64")}`
    expect((await raw(shown, "/", { headers: { host } })).status).toBe(401)
    expect((await raw(shown, "/", { headers: { host, authorization: basic("sesame") } })).status).toBe(401)
    const answer = await raw(shown, "/", { headers: { host, authorization: basic("open sesame") } })
    expect(answer.status).toBe(200)
    expect(answer.body).toContain(`<ul class="grid"`)
    expect(server.output()).not.toContain("open sesame")
  })

  it("will not listen beyond loopback without a password, nor on a port in use, and says so in one line", async () => {
    const result = await world.crate("serve", "--host", "0.0.0.0", "--port", "0")
    expect(result.code).toBe(1)
    expect(result.stderr).toBe("crate: --host 0.0.0.0 lets other machines reach your collection: give it a --password (or set CRATE_SERVE_PASSWORD)\n")
    const port = new URL(url).port
    const taken = await world.crate("serve", "--port", port)
    expect(taken.code).toBe(1)
    expect(taken.stderr).toBe(`crate: port ${port} of 127.0.0.1 is in use by another program: choose another with --port (0: any free one)\n`)
  })
})
