import Database from "better-sqlite3"
import { execFileSync } from "node:child_process"
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { RunEvent } from "../../src/engine/events.ts"
import { startDemoMedia } from "../../src/fakes/demo-media.ts"
import { demoCollection, type FakeDiscogs, loadRecordedReleases, startFakeDiscogs } from "../../src/fakes/discogs-server.ts"
import { type FakeImageServer, pointImagesAt, startImageServer } from "../../src/fakes/image-server.ts"
import { type FakeYouTube, startFakeYouTube } from "../../src/fakes/youtube-server.ts"
import { type CliResult, startCli } from "../support/cli.ts"

/**
 * crate as a collector gets it: `npm pack`ed, installed into a project of their own outside
 * this repository, with a pipeline.config.ts that imports from "crate", declares a filtered
 * pipeline and a step of its own after `audio` (examples/loudness), type-checked by tsc, run
 * by the installed CLI against loopback fakes.
 */

const repo = join(import.meta.dirname, "../..")
const token = "package-token"
const releases = [1, 2, 3, 1503102, 8604223, 11578434, 16004480]
const nineties = [1, 2, 3] // Electronic, 1998–1999

let project: string
let db: string
let discogs: FakeDiscogs
let images: FakeImageServer
let youtube: FakeYouTube
let closeMedia: () => Promise<void>

/**
 * The project's lockfile: crate from the packed tarball, its dependencies at the versions
 * crate's own lockfile pins, so that `npm ci --offline` installs from the cache this
 * repository's `npm ci` filled, without the network.
 */
const projectLock = (tarball: string) => {
  const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> }
  const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as Record<string, unknown>
  const nodeTypes = lock.packages["node_modules/@types/node"]!
  const packages: Record<string, unknown> = {
    "": { name: "my-crate", dependencies: { crate: `file:${tarball}` }, devDependencies: { "@types/node": (nodeTypes as { version: string }).version } },
    "node_modules/crate": { version: pkg["version"], resolved: `file:${tarball}`, license: pkg["license"], dependencies: pkg["dependencies"], bin: pkg["bin"], engines: pkg["engines"] }
  }
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path !== "" && (entry.dev !== true || path === "node_modules/@types/node" || path === "node_modules/undici-types")) packages[path] = entry
  }
  return { name: "my-crate", lockfileVersion: 3, requires: true, packages }
}

/** The CLI the project installed, not this checkout's. */
const crateIn = (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  startCli(args, {
    cwd: project,
    bin: join(project, "node_modules/crate/bin/crate.js"),
    env: { DISCOGS_TOKEN: token, DISCOGS_USERNAME: "digger", DISCOGS_API_URL: discogs.url, CRATE_YOUTUBE_URL: youtube.url, ...env }
  })

const run = async (args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<CliResult> => {
  const result = await crateIn(args, env).done
  if (result.code !== 0) throw new Error(`crate ${args.join(" ")} exited ${result.code}: ${result.stderr}${result.stdout}`)
  return result
}

const rows = <T>(sql: string, ...params: Array<unknown>): Array<T> => {
  const handle = new Database(db, { readonly: true })
  try {
    return handle.prepare(sql).all(...params) as Array<T>
  } finally {
    handle.close()
  }
}

/** The items each step finished, from a run's --json events; every line must be a published RunEvent. */
const doneByStep = (stdout: string) => {
  const done: Record<string, Array<string>> = {}
  for (const line of stdout.split("\n").filter(Boolean)) {
    const event = Schema.decodeUnknownSync(RunEvent)(JSON.parse(line))
    if (event._tag === "ItemDone") (done[event.step] ??= []).push(event.item)
  }
  for (const items of Object.values(done)) items.sort()
  return done
}

const imageReleases = (from: number) =>
  [...new Set(images.requests.slice(from).map((request) => Number(/R-(\d+)-/.exec(request.path)?.[1])))].sort((a, b) => a - b)

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), "crate-package-"))
  const packed = execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", work], { cwd: repo, encoding: "utf8" }).trim().split("\n").at(-1)!
  project = join(work, "my-crate")
  mkdirSync(project)
  const tarball = join(work, packed)
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "my-crate", private: true, type: "module", dependencies: { crate: `file:${tarball}` }, devDependencies: { "@types/node": "*" } }))
  const lock = projectLock(tarball)
  ;(lock.packages[""] as { devDependencies: Record<string, string> }).devDependencies["@types/node"] = "*"
  writeFileSync(join(project, "package-lock.json"), JSON.stringify(lock))
  // --ignore-scripts: better-sqlite3 would compile itself for a minute; its build is this checkout's.
  execFileSync("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: project, stdio: "pipe" })
  cpSync(join(repo, "node_modules/better-sqlite3/build"), join(project, "node_modules/better-sqlite3/build"), { recursive: true })

  cpSync(join(repo, "examples/loudness/steps"), join(project, "steps"), { recursive: true })
  cpSync(join(repo, "examples/loudness/pipeline.config.ts"), join(project, "collection.config.ts"))
  // The example's pipelines, with settings for the loopback fakes.
  writeFileSync(join(project, "pipeline.config.ts"), `import { defineConfig } from "crate"
import mine from "./collection.config.ts"

export default defineConfig({
  ...mine,
  discogs: { requestsPerMinute: 60000, retry: { times: 2, base: "10 millis" } },
  youtube: { requestsPerMinute: 60000 },
  audio: { sleepSeconds: 0 },
  network: { allowedHosts: ["127.0.0.1"] }
})
`)
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, allowImportingTsExtensions: true, types: ["node"] },
    include: ["*.ts", "steps/*.ts"]
  }))
  db = join(project, "discogs_collection.db")

  images = await startImageServer()
  const recorded = pointImagesAt(loadRecordedReleases(), images.url)
  discogs = await startFakeDiscogs({ releases: recorded, collection: demoCollection(recorded), username: "digger", token, rateLimit: { limit: 100_000, windowMs: 60_000 } })
  const media = await startDemoMedia({ database: db })
  youtube = await startFakeYouTube({ watch: (videoId) => media.server.urlFor(videoId) })
  closeMedia = () => media.server.close()
}, 180_000)

afterAll(async () => {
  await Promise.all([discogs?.close(), images?.close(), youtube?.close(), closeMedia?.()])
  if (project) rmSync(join(project, ".."), { recursive: true, force: true })
})

const tsc = (dir: string) => {
  try {
    execFileSync(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" })
    return ""
  } catch (error) {
    return String((error as { stdout?: string }).stdout)
  }
}

describe("crate installed from npm pack into a project of its own", () => {
  it("tsc type-checks the config and its step against crate's published types, and catches a wrong policy", () => {
    expect(tsc(project)).toBe("")
    writeFileSync(join(project, "wrong.ts"), `import { defineConfig } from "crate"\nexport default defineConfig({ steps: { youtube: { concurrency: "2" } } })\n`)
    try {
      expect(tsc(project)).toMatch(/wrong\.ts\(2,\d+\): error TS2322/)
    } finally {
      rmSync(join(project, "wrong.ts"))
    }
  })

  it("runs a filtered pipeline, shares its work with assets, resumes a user step after SIGKILL, and resets it", async () => {
    await run(["run", "metadata"])
    const listed = await run(["pipelines", "--json"])
    expect((JSON.parse(listed.stdout) as { pipelines: Array<{ name: string }> }).pipelines.map((p) => p.name)).toEqual(["metadata", "assets", "nineties"])

    // nineties: covers and youtube of the Electronic releases of the 1990s, nothing else.
    const seen = images.requests.length
    const filtered = doneByStep((await run(["run", "nineties", "--json"])).stdout)
    expect(filtered).toEqual({ covers: nineties.map(String), youtube: nineties.map(String) })
    expect(imageReleases(seen)).toEqual(nineties)

    // The plan of the next run is the run: per step, the items announced are the items done.
    const plan = JSON.parse((await run(["plan", "assets", "--only", "covers,+audio", "--json"])).stdout) as { steps: Array<{ step: string; ready: Array<string>; after: Array<string> }> }
    const announced = Object.fromEntries(plan.steps.map((step) => [step.step, [...step.ready, ...step.after].sort()]))
    const others = releases.filter((id) => !nineties.includes(id)).map(String).sort()
    expect(announced).toEqual({ covers: others, youtube: others, audio: releases.map(String).sort() })
    const beforeAssets = images.requests.length
    const assets = doneByStep((await run(["run", "assets", "--only", "covers,+audio", "--json"])).stdout)
    expect(assets).toEqual(announced)
    // What nineties did is done for assets too: their covers were not fetched again.
    expect(imageReleases(beforeAssets)).toEqual(others.map(Number).sort((a, b) => a - b))

    // The user step, slowed by an ffmpeg that logs each file it measures, killed once it has finished a release.
    const calls = join(project, "ffmpeg-calls.log")
    const slowFfmpeg = join(project, "slow-ffmpeg")
    writeFileSync(slowFfmpeg, `#!/bin/sh\nfor a in "$@"; do case "$a" in *.opus) echo "$a" >> '${calls}';; esac; done\nsleep 0.3\nexec ffmpeg "$@"\n`)
    chmodSync(slowFfmpeg, 0o755)
    const files = rows<{ release_id: number; path: string }>("SELECT t.release_id, f.path FROM audio_files f JOIN tracks t USING (track_id)")
    expect(files.length).toBeGreaterThan(3)
    const killed = crateIn(["run", "assets", "--only", "loudness"], { CRATE_FFMPEG: slowFfmpeg })
    const withAudio = JSON.stringify([...new Set(files.map((file) => String(file.release_id)))])
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        const done = rows<{ n: number }>("SELECT count(*) AS n FROM checkpoints WHERE step = 'loudness' AND status = 'done' AND item IN (SELECT value FROM json_each(?))", withAudio)
        if (done[0]!.n > 0) {
          clearInterval(poll)
          resolve()
        }
      }, 20)
    })
    killed.child.kill("SIGKILL")
    await killed.done
    const doneBefore = new Set(rows<{ item: string }>("SELECT item FROM checkpoints WHERE step = 'loudness' AND status = 'done'").map((row) => Number(row.item)))
    expect(doneBefore.size).toBeLessThan(releases.length)
    const measuredBefore = readFileSync(calls, "utf8").split("\n").filter(Boolean).length

    const resumed = await run(["run", "assets", "--only", "loudness", "--json"], { CRATE_FFMPEG: slowFfmpeg })
    expect(doneByStep(resumed.stdout)["loudness"]!.map(Number).some((id) => doneBefore.has(id))).toBe(false)
    const measuredAfter = readFileSync(calls, "utf8").split("\n").filter(Boolean).slice(measuredBefore)
    const doneFiles = new Set(files.filter((file) => doneBefore.has(file.release_id)).map((file) => file.path))
    expect(measuredAfter.filter((path) => [...doneFiles].some((file) => path.endsWith(file)))).toEqual([])
    // Nothing lost: every downloaded track has its loudness, each measured by ffmpeg.
    const measured = rows<{ track_id: number; integrated_lufs: number | null }>("SELECT track_id, integrated_lufs FROM loudness")
    expect(measured.length).toBe(files.length)
    expect(measured.every((row) => row.integrated_lufs !== null && row.integrated_lufs < 0)).toBe(true)

    const status = await run(["status"])
    expect(status.stdout.split("\n")[0]).toMatch(/^Releases: 7 · Covers: 7\/7 releases \(100%\) · YouTube: 7\/7 releases \(100%\), \d+\/\d+ tracks with a video · Audio: 7\/7 releases \(100%\), \d+\/\d+ tracks with audio · Loudness: 7\/7 releases \(100%\)$/)

    // Reset the user step for one release: only that release is measured again.
    const reset = await run(["reset", "loudness", "--release-id", "1"])
    expect(reset.stdout).toMatch(/^loudness: reset 1 release \(1\); 1 checkpoint forgotten\./)
    const tracksOf1 = files.filter((file) => file.release_id === 1).length
    expect(rows<{ n: number }>("SELECT count(*) AS n FROM loudness")[0]!.n).toBe(files.length - tracksOf1)
    expect(doneByStep((await run(["run", "assets", "--json"])).stdout)).toEqual({ loudness: ["1"] })

    // Reset youtube for one release: it is matched again, its audio downloaded again and measured again; nothing else.
    const audioRequests = () => rows<{ n: number }>("SELECT count(*) AS n FROM audio_files f JOIN tracks t USING (track_id) WHERE t.release_id = 2")[0]!.n
    expect(audioRequests()).toBeGreaterThan(0)
    const seenImages = images.requests.length
    expect((await run(["reset", "youtube", "--release-id", "2"])).stdout).toMatch(/and what depends on it: audio, loudness/)
    expect(doneByStep((await run(["run", "assets", "--json"])).stdout)).toEqual({ youtube: ["2"], audio: ["2"], loudness: ["2"] })
    expect(images.requests.length).toBe(seenImages)
    expect(audioRequests()).toBeGreaterThan(0)
    // An install, several runs and a kill: longer than the default limit on a busy machine, never a measure of speed.
  }, 300_000)

  it("serves the web page with its stylesheet and script from the installed package", async () => {
    await run(["run", "metadata"])
    const server = crateIn(["serve", "--port", "0"])
    try {
      const url = await new Promise<string>((resolve, reject) => {
        server.child.stdout!.on("data", () => {
          const found = /crate serve: (http:\/\/\S+\/)/.exec(server.output())
          if (found) resolve(found[1]!)
        })
        server.done.then((result) => reject(new Error(`crate serve stopped: ${result.stderr}`)))
      })
      const page = await (await fetch(url)).text()
      expect(page).toContain(`<div id="grid"><ul class="grid">`)
      for (const asset of ["assets/crate.css", "assets/crate.js"]) {
        const answer = await fetch(`${url}${asset}`)
        expect(answer.status, asset).toBe(200)
        expect((await answer.text()).length, asset).toBeGreaterThan(1000)
      }
    } finally {
      server.child.kill("SIGINT")
      await server.done
    }
  })
})
