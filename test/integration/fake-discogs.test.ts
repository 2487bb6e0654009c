import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import {
  demoCollection,
  fixturesDir,
  loadRecordedReleases,
  startFakeDiscogs,
  syntheticCollection,
  syntheticReleases,
  type FakeDiscogs,
  type FakeDiscogsOptions,
  type RequestRecord
} from "../../src/fakes/discogs-server.ts"

const TOKEN = "fake-token"
const AUTH = { Authorization: `Discogs token=${TOKEN}` }
const fixture = (path: string): unknown => JSON.parse(readFileSync(join(fixturesDir, path), "utf8"))

let fake: FakeDiscogs | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

const start = async (options: Partial<FakeDiscogsOptions> = {}): Promise<FakeDiscogs> => {
  const releases = options.releases ?? loadRecordedReleases()
  fake = await startFakeDiscogs({ releases, collection: demoCollection(releases), ...options })
  return fake
}

const get = (f: FakeDiscogs, path: string, headers: Record<string, string> = AUTH) => fetch(`${f.url}${path}`, { headers })

interface Page {
  pagination: { page: number; pages: number; per_page: number; items: number; urls: Record<string, string> }
  releases: Array<{ id: number; instance_id: number; folder_id: number; basic_information: Record<string, unknown> }>
}

describe("fake Discogs: auth and resources", () => {
  it("answers 401 without a token and with a wrong one, without echoing the token", async () => {
    const f = await start({ token: "s3cret-token" })
    const missing = await get(f, "/releases/1", {})
    expect(missing.status).toBe(401)
    expect(await missing.json()).toEqual({ message: "You must authenticate to access this resource." })
    const wrong = await get(f, "/releases/1", { Authorization: "Discogs token=nope" })
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).not.toContain("nope")
    const right = await get(f, "/releases/1", { Authorization: "Discogs token=s3cret-token" })
    expect(right.status).toBe(200)
    expect(f.stats.unauthorized).toBe(2)
    expect(f.requests.map((r) => r.authorized)).toEqual([false, false, true])
    expect(JSON.stringify(f.requests)).not.toContain("s3cret")
  })

  it("serves every recorded release body as recorded", async () => {
    const f = await start()
    for (const id of [1, 2, 3, 1503102, 8604223, 11578434, 16004480]) {
      const res = await get(f, `/releases/${id}`)
      expect(res.status).toBe(200)
      expect(res.headers.get("content-type")).toBe("application/json")
      expect(Number(res.headers.get("content-length"))).toBeGreaterThan(0)
      expect(await res.json()).toEqual(fixture(`releases/${id}.json`))
    }
    expect(f.countFor("/releases/1503102")).toBe(1)
  })

  it("answers unknown releases, users and paths with Discogs' 404 bodies", async () => {
    const f = await start()
    const release = await get(f, "/releases/999999999")
    expect(release.status).toBe(404)
    expect(await release.json()).toEqual(fixture("errors/release-404.json"))
    const user = await get(f, "/users/someone-else/collection/folders/0/releases")
    expect(user.status).toBe(404)
    expect(await user.json()).toEqual({ message: "User does not exist or may have been deleted." })
    const other = await get(f, "/artists/1")
    expect(other.status).toBe(404)
    expect(await other.json()).toEqual({ message: "The requested resource was not found." })
    expect(f.stats.notFound).toBe(3)
  })

  it("answers /oauth/identity with the configured user", async () => {
    const f = await start({ username: "digger" })
    const body = await (await get(f, "/oauth/identity")).json()
    expect(body).toEqual({ id: 1, username: "digger", resource_url: `${f.url}/users/digger`, consumer_name: "crate fake" })
  })
})

describe("fake Discogs: collection", () => {
  it("pages 250 synthetic entries by 100 into 3 pages with correct pagination", async () => {
    const releases = syntheticReleases(250)
    const f = await start({ releases, collection: syntheticCollection(releases) })
    const path = "/users/demo/collection/folders/0/releases"
    const seen: Array<number> = []
    let next: string | undefined = `${f.url}${path}?page=1&per_page=100&sort=added&sort_order=asc`
    const pages: Array<Page["pagination"]> = []
    while (next) {
      const res: Response = await fetch(next, { headers: AUTH })
      expect(res.status).toBe(200)
      const page = (await res.json()) as Page
      pages.push(page.pagination)
      seen.push(...page.releases.map((r) => r.instance_id))
      next = page.pagination.urls["next"]
    }
    expect(pages.map((p) => [p.page, p.pages, p.items, p.per_page])).toEqual([
      [1, 3, 250, 100],
      [2, 3, 250, 100],
      [3, 3, 250, 100]
    ])
    expect(pages[0]?.urls).toEqual({
      next: `${f.url}${path}?page=2&per_page=100&sort=added&sort_order=asc`,
      last: `${f.url}${path}?page=3&per_page=100&sort=added&sort_order=asc`
    })
    expect(Object.keys(pages[2]?.urls ?? {}).sort()).toEqual(["first", "prev"])
    expect(seen).toHaveLength(250)
    expect(new Set(seen).size).toBe(250)

    const beyond = await get(f, `${path}?page=4&per_page=100`)
    expect(beyond.status).toBe(404)
    expect(await beyond.json()).toEqual({ message: "Page 4 of 3 does not exist" })
  })

  it("builds items like the recorded pages, with basic_information from the release", async () => {
    const f = await start()
    const page = (await (await get(f, "/users/demo/collection/folders/0/releases")).json()) as Page
    expect(page.pagination).toEqual({ page: 1, pages: 1, per_page: 50, items: 8, urls: {} })
    const astley = page.releases.find((r) => r.id === 1503102)
    expect(astley?.basic_information).toMatchObject({
      id: 1503102,
      master_id: 96559,
      title: "Never Gonna Give You Up",
      year: 1987,
      resource_url: "https://api.discogs.com/releases/1503102",
      genres: ["Electronic", "Pop"],
      styles: ["Synth-pop"]
    })
    expect(astley?.basic_information["cover_image"]).toMatch(/^https:\/\/i\.discogs\.com\//)
    const recorded = (fixture("collection/joalla-example-folder0-page1.json") as Page).releases[0]
    expect(Object.keys(astley ?? {}).sort()).toEqual(Object.keys(recorded ?? {}).sort())
  })

  it("lists release 1503102 twice in the demo collection, in two folders", async () => {
    const f = await start()
    const page = (await (await get(f, "/users/demo/collection/folders/0/releases")).json()) as Page
    const copies = page.releases.filter((r) => r.id === 1503102)
    expect(copies.map((r) => r.folder_id)).toEqual([1, 2])
    expect(new Set(copies.map((r) => r.instance_id)).size).toBe(2)
    const folder2 = (await (await get(f, "/users/demo/collection/folders/2/releases")).json()) as Page
    expect(folder2.releases.map((r) => r.id)).toEqual([1503102])
  })
})

describe("fake Discogs: rate limit", () => {
  it("counts down the moving window and answers 429 over the limit", async () => {
    const f = await start({ rateLimit: { limit: 5, windowMs: 60_000 } })
    const seen: Array<[number, string | null, string | null, string | null]> = []
    for (let i = 0; i < 7; i++) {
      const res = await get(f, "/releases/1")
      await res.arrayBuffer()
      seen.push([
        res.status,
        res.headers.get("x-discogs-ratelimit"),
        res.headers.get("x-discogs-ratelimit-used"),
        res.headers.get("x-discogs-ratelimit-remaining")
      ])
      expect(res.headers.has("retry-after")).toBe(false)
    }
    expect(seen).toEqual([
      [200, "5", "1", "4"],
      [200, "5", "2", "3"],
      [200, "5", "3", "2"],
      [200, "5", "4", "1"],
      [200, "5", "5", "0"],
      [429, "5", "5", "0"],
      [429, "5", "5", "0"]
    ])
    expect(f.stats).toMatchObject({ ok: 5, rateLimited: 2 })
  })

  it("frees quota once requests leave the window", async () => {
    const f = await start({ rateLimit: { limit: 2, windowMs: 150 } })
    expect((await get(f, "/releases/1")).status).toBe(200)
    expect((await get(f, "/releases/1")).status).toBe(200)
    expect((await get(f, "/releases/1")).status).toBe(429)
    let status = 429
    while (status === 429) {
      const res = await get(f, "/releases/1")
      await res.arrayBuffer()
      status = res.status
    }
    expect(status).toBe(200)
  })
})

describe("fake Discogs: faults", () => {
  it("fails the first N requests to a path with the planned status", async () => {
    const f = await start({
      faults: { serverErrors: [{ path: "/releases/1", times: 2, status: 502 }, { path: "/releases/2", times: 1 }] }
    })
    const first = await get(f, "/releases/1")
    expect(first.status).toBe(502)
    expect(first.headers.get("content-type")).toBe("text/html")
    expect(await first.text()).toContain("Bad Gateway")
    expect((await get(f, "/releases/1")).status).toBe(502)
    expect((await get(f, "/releases/1")).status).toBe(200)
    const second = await get(f, "/releases/2")
    expect(second.status).toBe(500)
    expect(await second.json()).toHaveProperty("message")
    expect((await get(f, "/releases/2")).status).toBe(200)
    expect(f.stats.serverErrors).toBe(3)
    expect(f.requests.map((r) => r.status)).toEqual([502, 502, 200, 500, 200])
    expect(f.requests[0]?.fault).toBe("serverError")
  })

  it("answers a burst of 429s after N requests, regardless of the window", async () => {
    const f = await start({ faults: { rateLimitBurst: { afterRequests: 2, count: 3 } } })
    const statuses: Array<number> = []
    for (let i = 0; i < 7; i++) statuses.push((await get(f, "/releases/3")).status)
    expect(statuses).toEqual([200, 200, 429, 429, 429, 200, 200])
    const res = await get(f, "/releases/3")
    expect(res.headers.get("x-discogs-ratelimit-used")).toBe("5") // the 429s used no quota
  })

  it("serves truncated JSON, or the planned body, with status 200", async () => {
    const f = await start({
      faults: {
        malformed: [
          { path: "/releases/1503102", times: 1 },
          { path: "/releases/1", body: '{"unexpected": true}' }
        ]
      }
    })
    const truncated = await get(f, "/releases/1503102")
    expect(truncated.status).toBe(200)
    const text = await truncated.text()
    expect(() => JSON.parse(text)).toThrow()
    expect(await (await get(f, "/releases/1503102")).json()).toEqual(fixture("releases/1503102.json"))
    expect(await (await get(f, "/releases/1")).json()).toEqual({ unexpected: true })
    expect(await (await get(f, "/releases/1")).json()).toEqual({ unexpected: true }) // times defaults to Infinity
    expect(f.stats.malformed).toBe(3)
  })

  it("holds back the planned share of responses, which are otherwise unchanged", async () => {
    const f = await start({ faults: { random: { seed: 1, slowRate: 1, slowMs: 150 } } })
    const started = Date.now()
    const res = await get(f, "/releases/1503102")
    expect(Date.now() - started).toBeGreaterThanOrEqual(145)
    expect(await res.json()).toEqual(fixture("releases/1503102.json"))
    expect(f.stats).toMatchObject({ ok: 1, slow: 1 })
    expect(f.requests[0]).toMatchObject({ status: 200, slow: true })
    expect(f.requests[0]?.fault).toBeUndefined()
  })

  it("drops the connection in the middle of the body", async () => {
    const f = await start({ faults: { dropConnection: [{ path: "/releases/8604223", times: 1 }] } })
    await expect(get(f, "/releases/8604223").then((r) => r.text())).rejects.toThrow()
    expect(await (await get(f, "/releases/8604223")).json()).toEqual(fixture("releases/8604223.json"))
    expect(f.stats.dropped).toBe(1)
    expect(f.requests[0]).toMatchObject({ path: "/releases/8604223", fault: "dropped" })
  })

  it("replaces the plan with setFaults", async () => {
    const f = await start()
    expect((await get(f, "/releases/2")).status).toBe(200)
    f.setFaults({ serverErrors: [{ path: "/releases/2", times: 1, status: 503 }] })
    expect((await get(f, "/releases/2")).status).toBe(503)
    expect((await get(f, "/releases/2")).status).toBe(200)
  })

  it("injects seeded random faults deterministically", async () => {
    const run = async () => {
      const f = await start({ faults: { random: { seed: 42, serverErrorRate: 0.3, dropRate: 0.2 } }, rateLimit: { limit: 1000, windowMs: 60_000 } })
      const outcomes: Array<string> = []
      for (let i = 0; i < 40; i++) {
        try {
          const res = await get(f, "/releases/1")
          await res.text()
          outcomes.push(String(res.status))
        } catch {
          outcomes.push("dropped")
        }
      }
      await f.close()
      fake = undefined
      return outcomes
    }
    const a = await run()
    expect(a).toEqual(await run())
    expect(a).toContain("500")
    expect(a).toContain("dropped")
    expect(a).toContain("200")
  })
})

describe("fake Discogs: observing requests", () => {
  it("notifies onRequest listeners until they unsubscribe", async () => {
    const f = await start()
    const heard: Array<RequestRecord> = []
    const unsubscribe = f.onRequest((r) => heard.push(r))
    const twoServed = new Promise<void>((resolve) => {
      const off = f.onRequest(() => {
        if (f.countFor("/releases/2") + f.countFor("/releases/3") >= 2) {
          off()
          resolve()
        }
      })
    })
    await Promise.all([get(f, "/releases/2?x=1"), get(f, "/releases/3")])
    await twoServed
    unsubscribe()
    await get(f, "/releases/1")
    expect(heard.map((r) => [r.method, r.path, r.status])).toEqual(
      expect.arrayContaining([
        ["GET", "/releases/2", 200],
        ["GET", "/releases/3", 200]
      ])
    )
    expect(heard).toHaveLength(2)
    expect(f.requests.find((r) => r.path === "/releases/2")?.query).toBe("x=1")
    expect(f.requests).toHaveLength(3)
  })

  it("adds the configured latency and closes promptly with keep-alive sockets open", async () => {
    const f = await start({ latencyMs: 50 })
    const t0 = performance.now()
    await (await get(f, "/releases/1")).arrayBuffer()
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45)
    const t1 = performance.now()
    await f.close()
    fake = undefined
    expect(performance.now() - t1).toBeLessThan(1000)
  })
})

describe("fixture helpers", () => {
  it("makes cheap, deterministic synthetic releases that share nested objects", () => {
    const a = syntheticReleases(14)
    const recorded = loadRecordedReleases()
    const first = a.get(5_000_000) as Record<string, unknown>
    const astley = a.get(5_000_003) as Record<string, unknown>
    expect(first["title"]).toBe("Stockholm #1")
    expect(first["resource_url"]).toBe("/releases/5000000")
    expect(astley["resource_url"]).toBe("https://api.discogs.com/releases/5000003")
    expect(astley["uri"]).toBe("https://www.discogs.com/release/5000003-Rick-Astley-Never-Gonna-Give-You-Up")
    expect((a.get(5_000_010) as Record<string, unknown>)["tracklist"]).toBe(astley["tracklist"])
    expect(astley["tracklist"]).toEqual((recorded.get(1503102) as Record<string, unknown>)["tracklist"])
    expect(JSON.stringify([...syntheticReleases(14)])).toBe(JSON.stringify([...a]))
  })

  it("dates collections in ascending order", () => {
    const releases = loadRecordedReleases()
    const demo = demoCollection(releases)
    expect(demo).toHaveLength(8)
    expect(demo[0]).toEqual({ instanceId: 1000, releaseId: 1, folderId: 1, dateAdded: "2020-01-01T10:00:00-08:00", rating: 0 })
    const dates = syntheticCollection(syntheticReleases(30)).map((e) => Date.parse(e.dateAdded))
    expect(dates).toEqual([...dates].sort((x, y) => x - y))
    expect(new Set(dates).size).toBe(30)
  })
})
