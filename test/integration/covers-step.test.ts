import { Option } from "effect"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import type { ResolvedConfig } from "../../src/config/Config.ts"
import { loadRecordedReleases } from "../../src/fakes/discogs-server.ts"
import { type FakeImageServer, type ImageFaultPlan, imageBytes, imagePath, pointImagesAt, startImageServer } from "../../src/fakes/image-server.ts"
import { COVERS_TOKEN, coversConfig, filesUnder, imageRows, readLibraryFile, runCovers, seedReleases, sha256 } from "../support/covers.ts"
import { query } from "../support/db.ts"
import { tempDir } from "../support/tempDir.ts"

const servers: Array<FakeImageServer> = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

interface World {
  readonly images: FakeImageServer
  readonly config: ResolvedConfig
  readonly releases: Map<number, unknown>
}

const setup = async (
  options: { faults?: ImageFaultPlan; pick?: ReadonlyArray<number>; apiUrl?: string; edit?: (releases: Map<number, unknown>) => void } = {}
): Promise<World> => {
  const images = await startImageServer(options.faults ? { faults: options.faults } : {})
  servers.push(images)
  const all = pointImagesAt(loadRecordedReleases(), images.url)
  const releases = new Map([...all].filter(([id]) => options.pick === undefined || options.pick.includes(id)))
  options.edit?.(releases)
  const config = await coversConfig(tempDir(), options.apiUrl ?? images.url)
  await seedReleases(config, releases)
  return { images, config, releases }
}

const checkpoint = (config: ResolvedConfig, item: string) =>
  query<{ status: string; error_kind: string | null; error_reason: string | null; error_message: string | null }>(
    config.database,
    "SELECT status, error_kind, error_reason, error_message FROM checkpoints WHERE step = 'covers' AND item = ?",
    item
  )[0]

const flag = (config: ResolvedConfig, releaseId: number) =>
  query<{ covers_downloaded: number }>(config.database, "SELECT covers_downloaded FROM releases WHERE release_id = ?", releaseId)[0]?.covers_downloaded

const coversSummary = (run: Awaited<ReturnType<typeof runCovers>>) => Option.getOrThrow(run.summary).steps.find((s) => s.step === "covers")!

/** Files in the library apart from the (empty) temp folder. */
const libraryFiles = (config: ResolvedConfig) => filesUnder(config.library)

describe("covers step (in process, against the loopback image server)", () => {
  it("puts every image of every release into its folder, typed from the bytes, and records each file", async () => {
    const { config, images, releases } = await setup()
    const run = await runCovers(config)
    expect(run.error).toBeUndefined()
    expect(coversSummary(run)).toMatchObject({ done: 7, failed: 0, remaining: 0 })

    const rows = imageRows(config.database)
    const listed = [...releases.values()].reduce<number>((n, body) => n + ((body as { images?: Array<unknown> }).images?.length ?? 0), 0)
    expect(rows).toHaveLength(listed)
    for (const row of rows) {
      expect(row.file_path).not.toBeNull()
      const bytes = readLibraryFile(config.library, row.file_path!)
      expect(bytes.equals(imageBytes(row.position))).toBe(true)
      expect(row).toMatchObject({ bytes: bytes.length, sha256: sha256(bytes), downloaded_uri: row.uri })
    }
    expect(libraryFiles(config)).toEqual(rows.map((row) => row.file_path).sort())
    expect(query(config.database, "SELECT count(*) AS n FROM releases WHERE covers_downloaded = 1")).toEqual([{ n: 7 }])

    // The primary is cover.*, the others follow in Discogs order; the type comes from the bytes, never the URL (.jpeg).
    expect(imageRows(config.database, 1503102).map((row) => row.file_path)).toEqual([
      "Rick Astley - Never Gonna Give You Up [1503102]/cover.jpg",
      "Rick Astley - Never Gonna Give You Up [1503102]/cover_2.png",
      "Rick Astley - Never Gonna Give You Up [1503102]/cover_3.webp",
      "Rick Astley - Never Gonna Give You Up [1503102]/cover_4.jpg"
    ])
    // 11578434 has no image typed "primary": its first image is the cover.
    expect(imageRows(config.database, 11578434).map((row) => row.file_path?.split("/")[1])).toEqual(["cover.jpg", "cover_2.png"])
    expect(images.requests.every((r) => r.authorization === `Discogs token=${COVERS_TOKEN}`)).toBe(true)
    expect(images.requests).toHaveLength(listed)
    expect(query(config.database, "SELECT used FROM discogs_image_budget")).toEqual([{ used: listed }])

    const again = await runCovers(config)
    expect(coversSummary(again).done).toBe(0)
    expect(images.requests).toHaveLength(listed)
  })

  it("names a primary that is not first cover.*, and the others cover_2, cover_3 in Discogs order", async () => {
    const { config } = await setup({
      pick: [2],
      edit: (releases) => {
        const body = releases.get(2) as { images: Array<Record<string, unknown>> }
        releases.set(2, { ...body, images: body.images.map((image, i) => ({ ...image, type: i === 1 ? "primary" : "secondary" })) })
      }
    })
    await runCovers(config)
    expect(imageRows(config.database, 2).map((row) => [row.position, row.file_path?.split("/")[1]])).toEqual([
      [0, "cover_2.jpg"],
      [1, "cover.png"],
      [2, "cover_3.webp"]
    ])
  })

  it("a release that lists no images is done with nothing fetched", async () => {
    const { config, images } = await setup({
      pick: [3],
      edit: (releases) => releases.set(3, { ...(releases.get(3) as object), images: [] })
    })
    const run = await runCovers(config)
    expect(coversSummary(run)).toMatchObject({ done: 1, failed: 0 })
    expect(flag(config, 3)).toBe(1)
    expect(images.requests).toHaveLength(0)
    expect(libraryFiles(config)).toEqual([])
  })

  it("a 500 is retried and then succeeds", async () => {
    const path = imagePath(3, 0)
    const { config, images } = await setup({ pick: [3], faults: { serverError: [{ path, times: 4 }] } })
    const run = await runCovers(config)
    expect(coversSummary(run)).toMatchObject({ done: 1, failed: 0 })
    expect(images.countFor(path)).toBe(5)
    expect(checkpoint(config, "3")).toMatchObject({ status: "done" })
  })

  const failures: ReadonlyArray<[string, ImageFaultPlan, { kind: string; reason: string; message: RegExp; requests: number }]> = [
    ["a 500 that does not stop", { serverError: [{ path: imagePath(1503102, 2) }] }, {
      kind: "transient", reason: "Server", message: /image 3 of release 1503102: Discogs answered HTTP 500/, requests: 9
    }],
    ["a body shorter than its Content-Length", { truncated: [{ path: imagePath(1503102, 2) }] }, {
      kind: "transient", reason: "Network", message: /image 3 of release 1503102: the connection broke while reading the image/, requests: 9
    }],
    ["a 404", { notFound: [{ path: imagePath(1503102, 2) }] }, {
      kind: "permanent", reason: "NotFound", message: /^image 3 of release 1503102 is no longer on Discogs \(HTTP 404\)$/, requests: 1
    }],
    ["an HTML error page with status 200", { htmlPage: [{ path: imagePath(1503102, 2) }] }, {
      kind: "permanent", reason: "NotAnImage", message: /^image 3 of release 1503102: Discogs sent an HTML page \(\d+ bytes\) instead of an image$/, requests: 1
    }]
  ]

  for (const [name, faults, expected] of failures) {
    it(`${name} fails the release as ${expected.kind}, leaving no file behind`, async () => {
      const { config, images } = await setup({ pick: [1503102], faults })
      const run = await runCovers(config)
      expect(coversSummary(run)).toMatchObject({ done: 0, failed: 1, failures: { [expected.reason]: 1 } })
      const failed = checkpoint(config, "1503102")!
      expect(failed).toMatchObject({ status: "failed", error_kind: expected.kind, error_reason: expected.reason })
      expect(failed.error_message).toMatch(expected.message)
      expect(images.countFor(imagePath(1503102, 2))).toBe(expected.requests)
      // Images 1 and 2 arrived, but nothing of a release is written until all of it is there.
      expect(libraryFiles(config)).toEqual([])
      expect(flag(config, 1503102)).toBe(0)
      expect(imageRows(config.database, 1503102).every((row) => row.file_path === null)).toBe(true)
      // Images that were never requested go back to the day's budget.
      expect(query(config.database, "SELECT used FROM discogs_image_budget")).toEqual([{ used: expected.requests === 1 ? 3 : 3 * 3 }])

      // Once the image host behaves: a transient failure is retried by the next run; a permanent one waits for --retry-failed.
      images.setFaults({})
      const next = await runCovers(config)
      expect(coversSummary(next)).toMatchObject(expected.kind === "transient" ? { done: 1 } : { done: 0, skipped: 1 })
      if (expected.kind === "permanent") {
        expect(coversSummary(await runCovers(config, { retryFailed: true }))).toMatchObject({ done: 1 })
      }
      expect(flag(config, 1503102)).toBe(1)
      expect(libraryFiles(config)).toHaveLength(4)
    })
  }

  it("refuses an image URL that is not http(s), fetching nothing", async () => {
    const { config, images } = await setup({
      pick: [3],
      edit: (releases) => {
        const body = releases.get(3) as { images: Array<Record<string, unknown>> }
        releases.set(3, { ...body, images: body.images.map((image) => ({ ...image, uri: "file:///etc/passwd" })) })
      }
    })
    const run = await runCovers(config)
    expect(coversSummary(run)).toMatchObject({ failed: 1 })
    expect(checkpoint(config, "3")).toMatchObject({
      status: "failed",
      error_kind: "permanent",
      error_message: "image 1 of release 3: file: URLs are not fetched (file:///etc/passwd)"
    })
    expect(images.requests).toHaveLength(0)
    expect(libraryFiles(config)).toEqual([])
  })

  it("refuses an image on a host that is not allowed (an internal address, say), fetching nothing", async () => {
    const { config, images } = await setup({
      pick: [3],
      edit: (releases) => {
        const body = releases.get(3) as { images: Array<Record<string, unknown>> }
        releases.set(3, { ...body, images: body.images.map((image) => ({ ...image, uri: "http://169.254.169.254/latest/meta-data" })) })
      }
    })
    expect(coversSummary(await runCovers(config))).toMatchObject({ failed: 1 })
    expect(checkpoint(config, "3")).toMatchObject({
      error_kind: "permanent",
      error_reason: "UrlRefused",
      error_message: "image 1 of release 3: 169.254.169.254 is not an allowed host; if you trust it, add it to network.allowedHosts in pipeline.config.ts"
    })
    expect(images.requests).toHaveLength(0)
  })

  it("sends the token only to Discogs' hosts and the API's host", async () => {
    // The API is on "localhost", the images on "127.0.0.1": another host, so no token.
    const { config, images } = await setup({ pick: [3], apiUrl: "http://localhost:9" })
    await runCovers(config)
    expect(images.requests.map((r) => r.authorization)).toEqual([null])
    expect(flag(config, 3)).toBe(1)
  })

  it("a reset flag fetches that release again; a re-sync keeps the files' records and notices a changed uri", async () => {
    const { config, images, releases } = await setup({ pick: [1503102, 3] })
    await runCovers(config)
    const before = imageRows(config.database, 1503102)
    expect(images.requests).toHaveLength(5)

    // UPDATE … SET covers_downloaded = 0: the next run fetches that release's covers again, and only those.
    const { default: Database } = await import("better-sqlite3")
    const db = new Database(config.database)
    db.prepare("UPDATE releases SET covers_downloaded = 0 WHERE release_id = 3").run()
    db.close()
    await runCovers(config)
    expect(images.requests.slice(5).map((r) => r.path)).toEqual([imagePath(3, 0)])

    // A re-sync that changes nothing keeps every file record; one that changes image 2's uri makes the release pending.
    await seedReleases(config, new Map([[1503102, releases.get(1503102)]]), "2024-02-01T00:00:00.000Z")
    expect(imageRows(config.database, 1503102)).toEqual(before)
    const body = releases.get(1503102) as { images: Array<Record<string, unknown>> }
    const changedUri = `${images.url}${imagePath(1503102, 1)}?v=2`
    const resynced = { ...body, images: body.images.map((image, i) => (i === 1 ? { ...image, uri: changedUri } : image)) }
    await seedReleases(config, new Map([[1503102, resynced]]), "2024-03-01T00:00:00.000Z")
    expect(imageRows(config.database, 1503102)[1]).toMatchObject({ uri: changedUri, downloaded_uri: before[1]!.uri, file_path: before[1]!.file_path })
    expect(flag(config, 1503102)).toBe(1)

    const third = await runCovers(config)
    expect(coversSummary(third).done).toBe(1)
    expect(imageRows(config.database, 1503102)[1]).toMatchObject({ uri: changedUri, downloaded_uri: changedUri })
    expect(coversSummary(await runCovers(config)).done).toBe(0)
  })

  it("a download with fewer images removes the cover files the release no longer has", async () => {
    const { config, releases } = await setup({ pick: [1503102] })
    await runCovers(config)
    const folder = "Rick Astley - Never Gonna Give You Up [1503102]"
    expect(libraryFiles(config)).toHaveLength(4)
    const body = releases.get(1503102) as { images: Array<unknown> }
    await seedReleases(config, new Map([[1503102, { ...body, images: body.images.slice(0, 2) }]]))
    expect(imageRows(config.database, 1503102)).toHaveLength(2)
    await runCovers(config, { items: ["1503102"], refresh: true })
    expect(libraryFiles(config)).toEqual([join(folder, "cover.jpg"), join(folder, "cover_2.png")])
  })
})
