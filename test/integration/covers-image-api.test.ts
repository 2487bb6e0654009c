import { Effect, Redacted } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { DiscogsApi, layer } from "../../src/discogs/DiscogsApi.ts"
import { type FakeDiscogs, loadRecordedReleases, startFakeDiscogs } from "../../src/fakes/discogs-server.ts"
import { type FakeImageServer, imageBytes, imagePath, startImageServer } from "../../src/fakes/image-server.ts"

const TOKEN = "image-api-token-77"
const closers: Array<FakeDiscogs | FakeImageServer> = []

afterEach(async () => {
  await Promise.all(closers.splice(0).map((server) => server.close()))
})

const withApi = async <A, E>(use: (api: DiscogsApi["Type"], images: FakeImageServer, discogs: FakeDiscogs) => Effect.Effect<A, E>, requestsPerMinute = 60_000) => {
  const images = await startImageServer()
  const discogs = await startFakeDiscogs({ releases: loadRecordedReleases(), collection: [], token: TOKEN, rateLimit: { limit: 10_000, windowMs: 60_000 } })
  closers.push(images, discogs)
  const api = layer({ apiUrl: discogs.url, token: Redacted.make(TOKEN), requestsPerMinute, retry: { times: 2, base: "5 millis" } })
  return { result: await Effect.runPromise(Effect.provide(Effect.flatMap(DiscogsApi, (service) => use(service, images, discogs)), api)), images, discogs }
}

describe("DiscogsApi.image", () => {
  it("returns the bytes, with the token and a User-Agent, paced by the same limiter as API calls", async () => {
    // 600 a minute: one request every ~100 ms, images and API calls together.
    const { result, images, discogs } = await withApi((api, images) =>
      Effect.all([
        api.image(`${images.url}${imagePath(1, 0)}`),
        api.release(1),
        api.image(`${images.url}${imagePath(1, 1)}`),
        api.release(2),
        api.image(`${images.url}${imagePath(1, 2)}`),
        api.release(3)
      ], { concurrency: "unbounded" }), 120)
    expect(Buffer.from(result[0] as Uint8Array).equals(imageBytes(0))).toBe(true)
    expect(Buffer.from(result[4] as Uint8Array).equals(imageBytes(2))).toBe(true)
    expect(images.requests.map((r) => r.authorization)).toEqual(Array(3).fill(`Discogs token=${TOKEN}`))
    expect(images.requests.every((r) => r.userAgent?.startsWith("crate/"))).toBe(true)
    // Six requests, one 510 ms slot each: ~2.5 s from first to last. Two limiters would let
    // three and three through side by side, in ~1 s; a lower bound cannot be met early by load.
    const arrivals = [...images.requests, ...discogs.requests].map((r) => r.at)
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeGreaterThanOrEqual(1800)
  })

  it("refuses what is not an absolute http(s) URL, without a request", async () => {
    const { result, images } = await withApi((api) =>
      Effect.all(["file:///etc/passwd", "/image/R-1-1193812031.jpeg", "ftp://i.discogs.com/x.jpeg", "javascript:alert(1)"].map((url) =>
        Effect.flip(api.image(url, "image 1 of release 1")))))
    expect(result.map((error) => [error.reason, error.message])).toEqual([
      ["Http", 'image 1 of release 1: refused to fetch "file:///etc/passwd": not an http(s) URL'],
      ["Http", 'image 1 of release 1: refused to fetch "/image/R-1-1193812031.jpeg": not an http(s) URL'],
      ["Http", 'image 1 of release 1: refused to fetch "ftp://i.discogs.com/x.jpeg": not an http(s) URL'],
      ["Http", 'image 1 of release 1: refused to fetch "javascript:alert(1)": not an http(s) URL']
    ])
    expect(images.requests).toHaveLength(0)
  })

  it("retries a 500 and a cut body; a 404 is NotFound at once", async () => {
    const { result, images } = await withApi((api, images) => {
      images.setFaults({
        serverError: [{ path: imagePath(2, 0), times: 2 }],
        truncated: [{ path: imagePath(2, 1), times: 1 }],
        notFound: [{ path: imagePath(2, 2) }]
      })
      return Effect.all([
        api.image(`${images.url}${imagePath(2, 0)}`),
        api.image(`${images.url}${imagePath(2, 1)}`),
        Effect.flip(api.image(`${images.url}${imagePath(2, 2)}`, "image 3 of release 2"))
      ])
    })
    expect(Buffer.from(result[0]).equals(imageBytes(0))).toBe(true)
    expect(Buffer.from(result[1]).equals(imageBytes(1))).toBe(true)
    expect(result[2]).toMatchObject({ reason: "NotFound", message: "image 3 of release 2: Discogs answered HTTP 404" })
    expect([imagePath(2, 0), imagePath(2, 1), imagePath(2, 2)].map((path) => images.countFor(path))).toEqual([3, 2, 1])
  })
})
