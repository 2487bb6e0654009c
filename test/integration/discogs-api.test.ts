import { it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { afterEach, describe, expect } from "vitest"
import { DiscogsApi, layer } from "../../src/discogs/DiscogsApi.ts"
import {
  type FakeDiscogs,
  type FakeDiscogsOptions,
  loadRecordedReleases,
  startFakeDiscogs,
  syntheticCollection,
  syntheticReleases
} from "../../src/fakes/discogs-server.ts"

const TOKEN = "test-token-3f9a"
const recorded = loadRecordedReleases()
let fake: FakeDiscogs | undefined

afterEach(async () => {
  await fake?.close()
  fake = undefined
})

const withApi = <A, E>(
  use: (api: DiscogsApi["Type"]) => Effect.Effect<A, E>,
  options: Partial<FakeDiscogsOptions> = {},
  token = TOKEN
) =>
  Effect.gen(function*() {
    fake = yield* Effect.promise(() =>
      startFakeDiscogs({ releases: recorded, collection: [], token: TOKEN, rateLimit: { limit: 1000, windowMs: 60_000 }, ...options })
    )
    const api = layer({ apiUrl: fake.url, token: Redacted.make(token), requestsPerMinute: 6000, retry: { times: 3, base: "5 millis" } })
    return yield* Effect.provide(Effect.flatMap(DiscogsApi, use), api)
  })

describe("DiscogsApi against the fake Discogs", () => {
  it.live("fetches and decodes a release, sending the token and a User-Agent", () =>
    withApi((api) => api.release(8604223)).pipe(Effect.map((release) => {
      expect(release.title).toBe("Ummagumma")
      expect(release.tracklist.length).toBeGreaterThan(10)
      expect(fake!.requests.map((r) => [r.path, r.status, r.authorized])).toEqual([["/releases/8604223", 200, true]])
    })))

  it.live("pages through a collection of 250 items, newest first, in 3 requests", () =>
    withApi((api) => Effect.forEach([1, 2, 3], (page) => api.collectionPage("demo", page)), {
      collection: syntheticCollection(syntheticReleases(250))
    }).pipe(Effect.map((pages) => {
      expect(pages.map((page) => page.pagination.pages)).toEqual([3, 3, 3])
      const items = pages.flatMap((page) => page.releases)
      expect(items[0]!.date_added > items[249]!.date_added).toBe(true) // newest first
      expect(items).toHaveLength(250)
      expect(new Set(items.map((item) => item.instance_id)).size).toBe(250)
      expect(fake!.countFor("/users/demo/collection/folders/0/releases")).toBe(3)
    })))

  it.live("a 404 is NotFound and is not retried", () =>
    withApi((api) => Effect.flip(api.release(999))).pipe(Effect.map((error) => {
      expect(error).toMatchObject({ reason: "NotFound", resource: "release 999", message: "release 999: Discogs answered HTTP 404: Release not found." })
      expect(fake!.countFor("/releases/999")).toBe(1)
    })))

  it.live("a wrong token is Unauthorized at once, and neither token appears in the error", () =>
    withApi((api) => Effect.flip(api.release(1)), {}, "wrong-token-77").pipe(Effect.map((error) => {
      expect(error.reason).toBe("Unauthorized")
      expect(fake!.countFor("/releases/1")).toBe(1)
      expect(JSON.stringify(error) + error.message).not.toMatch(/wrong-token-77|test-token-3f9a/)
    })))

  it.live("survives 500s, a 429 burst and a dropped connection", () =>
    withApi((api) => Effect.all([api.release(1), api.release(2), api.release(3)]), {
      faults: {
        serverErrors: [{ path: "/releases/1", times: 2 }],
        rateLimitBurst: { afterRequests: 3, count: 2 },
        dropConnection: [{ path: "/releases/3", times: 1 }]
      }
    }).pipe(Effect.map((releases) => {
      expect(releases.map((r) => r.id)).toEqual([1, 2, 3])
      expect(fake!.stats.serverErrors).toBe(2)
      expect(fake!.stats.rateLimited).toBe(2)
      expect(fake!.stats.dropped).toBe(1)
    })))

  it.live("gives up on a transient error after the configured retries", () =>
    withApi((api) => Effect.flip(api.release(1)), { faults: { serverErrors: [{ path: "/releases/1", times: 10, status: 502 }] } })
      .pipe(Effect.map((error) => {
        expect(error.reason).toBe("Server")
        expect(fake!.countFor("/releases/1")).toBe(4)
      })))

  it.live("a body that is not JSON, or of the wrong shape, is a Decode error naming the field, not retried", () =>
    withApi((api) => Effect.all([Effect.flip(api.release(1)), Effect.flip(api.release(2))]), {
      faults: {
        malformed: [
          { path: "/releases/1" },
          { path: "/releases/2", body: JSON.stringify({ ...(recorded.get(2) as object), tracklist: [{ position: "A", title: 5 }] }) }
        ]
      }
    }).pipe(Effect.map(([notJson, wrongShape]) => {
      expect(notJson).toMatchObject({ reason: "Decode" })
      expect(notJson.message).toMatch(/^release 1: Discogs sent a body that is not JSON/)
      expect(wrongShape.message).toMatch(/^release 2: unexpected data from Discogs: tracklist\[0\]\.title: Expected string, actual 5/)
      expect(fake!.countFor("/releases/1") + fake!.countFor("/releases/2")).toBe(2)
    })))

  it.live("a server that is not there is a Network error naming the URL", () =>
    Effect.gen(function*() {
      const api = layer({ apiUrl: "http://127.0.0.1:1", token: Redacted.make(TOKEN), requestsPerMinute: 6000, retry: { times: 1, base: "1 millis" } })
      const error = yield* Effect.flip(Effect.provide(Effect.flatMap(DiscogsApi, (d) => d.release(1)), api))
      expect(error.reason).toBe("Network")
      expect(error.message).toMatch(/^release 1: cannot reach Discogs at http:\/\/127\.0\.0\.1:1/)
    }))
})
