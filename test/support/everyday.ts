import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"
import { demoCollection, type FakeDiscogs, loadRecordedReleases, startFakeDiscogs } from "../../src/fakes/discogs-server.ts"
import { type FakeImageServer, pointImagesAt, startImageServer } from "../../src/fakes/image-server.ts"
import { runCli, writeTestConfig } from "./cli.ts"
import { tempDir } from "./tempDir.ts"

export const EVERYDAY_TOKEN = "everyday-token-3f9a"

type Json = Record<string, unknown>

const credit = (id: number, name: string) => ({ id, name, anv: "", join: "", role: "", tracks: "", resource_url: `/artists/${id}` })

/**
 * One release beside the recorded ones whose artist, label, genre and a track artist carry
 * accents and odd case, made from the recorded release 1 (the fixtures' own accents are only in
 * track titles and an extra credit crate does not store).
 */
export const ACCENTED_ID = 7_000_001
const accentedRelease = (base: Json): Json => ({
  ...base,
  id: ACCENTED_ID,
  title: "Ágætis byrjun",
  year: 1999,
  artists: [credit(70_001, "Sigur Rós")],
  labels: [{ name: "Smekkleysa S.M. Ehf.", catno: "SM 67", entity_type: "1", resource_url: "/labels/70002", id: 70_002, entity_type_name: "Label" }],
  genres: ["Rock"],
  styles: ["Post Rock"],
  tracklist: [
    { position: "1", title: "Intro", duration: "1:36" },
    { position: "2", title: "Svefn-g-englar", duration: "10:04", artists: [credit(70_003, "JÓNSI")] }
  ],
  resource_url: `/releases/${ACCENTED_ID}`,
  uri: `https://www.discogs.com/release/${ACCENTED_ID}`
})

export const everydayReleases = (): Map<number, unknown> => {
  const releases = loadRecordedReleases()
  releases.set(ACCENTED_ID, accentedRelease(releases.get(1) as Json))
  return releases
}

export interface EverydayServers {
  readonly discogs: FakeDiscogs
  readonly images: FakeImageServer
  readonly env: Record<string, string>
  readonly close: () => Promise<void>
}

/** The fake Discogs (the recorded releases and the accented one) and its image host, on loopback. */
export const startEverydayServers = async (): Promise<EverydayServers> => {
  const images = await startImageServer()
  const releases = pointImagesAt(everydayReleases(), images.url)
  const discogs = await startFakeDiscogs({
    releases,
    collection: demoCollection(releases),
    username: "digger",
    token: EVERYDAY_TOKEN,
    rateLimit: { limit: 100_000, windowMs: 60_000 }
  })
  return {
    discogs,
    images,
    env: { DISCOGS_TOKEN: EVERYDAY_TOKEN, DISCOGS_USERNAME: "digger", DISCOGS_API_URL: discogs.url },
    close: async () => {
      await Promise.all([discogs.close(), images.close()])
    }
  }
}

const fast = { times: 2, base: "10 millis" }
const config = {
  discogs: { requestsPerMinute: 60_000, retry: fast },
  pipelines: {
    metadata: { steps: { collection: { retry: fast }, release: { retry: fast, concurrency: 4 } } },
    assets: { steps: { covers: { retry: fast, concurrency: 3 } } }
  }
}

export interface EverydayWorld {
  readonly dir: string
  readonly db: string
  readonly library: string
  readonly env: Record<string, string>
  /** `crate <args>` in the world's folder, against the fakes. */
  readonly crate: (...args: Array<string>) => ReturnType<typeof runCli>
}

/**
 * A folder with a database that `crate run metadata` synced from the fake Discogs: made once
 * per test file by the real CLI, then copied for each test (a fresh copy costs milliseconds,
 * a sync a second).
 */
export const everydayWorlds = (servers: () => EverydayServers) => {
  const templateDir = mkdtempSync(join(tmpdir(), "crate-everyday-"))
  afterAll(() => rmSync(templateDir, { recursive: true, force: true }))
  let template: Promise<string> | undefined
  const synced = () =>
    (template ??= (async () => {
      writeTestConfig(templateDir, config)
      const result = await runCli(["run", "metadata"], { cwd: templateDir, env: servers().env })
      if (result.code !== 0) throw new Error(`crate run metadata failed: ${result.stderr}${result.stdout}`)
      return join(templateDir, "discogs_collection.db")
    })())

  return async (): Promise<EverydayWorld> => {
    const source = await synced()
    const dir = tempDir("crate-everyday-")
    const db = join(dir, "discogs_collection.db")
    for (const suffix of ["", "-wal"]) if (existsSync(source + suffix)) copyFileSync(source + suffix, db + suffix)
    writeTestConfig(dir, config)
    const env = servers().env
    return { dir, db, library: join(dir, "library"), env, crate: (...args) => runCli(args, { cwd: dir, env }) }
  }
}
