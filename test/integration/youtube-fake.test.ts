import { Effect, Exit } from "effect"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { recordedToken } from "../../src/fakes/youtube-recordings.ts"
import { type FakeYouTube, loadRecordedSearches, startFakeYouTube } from "../../src/fakes/youtube-server.ts"
import { createInnertube } from "../../src/youtube/innertube.ts"
import { musicCandidates, musicListCandidates } from "../../src/youtube/results.ts"
import { type SearchKind, YouTubeSearch, layer as searchLayer } from "../../src/youtube/YouTubeSearch.ts"
import { loadCases } from "../../bench/match-cases.ts"
import { join } from "node:path"

const recordings = loadRecordedSearches()
const benchmark = loadCases(join(import.meta.dirname, "../fixtures/matching/benchmark.json"))
let fake: FakeYouTube

beforeAll(async () => {
  fake = await startFakeYouTube({ cases: recordings })
})
afterAll(() => fake.close())

const search = (query: string, kind: SearchKind) =>
  Effect.runPromiseExit(
    Effect.flatMap(YouTubeSearch, (youtube) => youtube.search(query, kind)).pipe(
      Effect.provide(searchLayer({ baseUrl: fake.url, requestsPerMinute: 60_000, cooldown: "10 millis" }))
    )
  )

describe("youtubei.js against the fake YouTube", () => {
  it("parses every recorded response (first pages and continuations) without a parser warning, finding the candidates the benchmark lists", async () => {
    const warn = vi.spyOn(console, "warn")
    const yt = await createInnertube(fake.url)
    for (const recording of recordings) {
      const query = `${recording.track.artists[0]} - ${recording.track.title}`
      const found = new Set<string>()
      for (const [type, filter] of [["all", null], ["song", "EgWKAQII"], ["video", "EgWKAQIQ"]] as const) {
        const page = await yt.music.search(query, { type })
        for (const candidate of musicCandidates(page)) found.add(candidate.videoId)
        const recordedPages = recording.searches.filter((s) => recordedToken(s) !== null && filter !== null && s.request_body?.params?.startsWith(filter)).length
        let next = page
        let more = recordedPages > 0 ? await next.getContinuation() : undefined
        for (let n = 1; more !== undefined; n++) {
          for (const candidate of musicListCandidates(more.contents?.contents ?? [])) found.add(candidate.videoId)
          more = n < recordedPages ? await more.getContinuation() : undefined
        }
      }
      const listed = benchmark.find((c) => recording.name.startsWith(`${c.case_index}-`))!.candidates.map((c) => c.videoId)
      expect([...found], recording.name).toEqual(expect.arrayContaining(listed))
    }
    expect(warn).not.toHaveBeenCalled()
    warn.mockRestore()
  })

  it("answers each intent from the recording the query is about, and a plain YouTube search from the same results", async () => {
    const before = fake.requests.length
    for (const kind of ["songs", "videos", "web"] as const) {
      const exit = await search("Billy Joel - Piano Man", kind)
      expect(Exit.isSuccess(exit)).toBe(true)
      if (Exit.isSuccess(exit)) expect(exit.value.map((c) => c.videoId)).toContain("LLbew85exp0")
    }
    expect(fake.requests.slice(before).map((r) => [r.intent, r.recording])).toEqual([
      ["songs", "12-billy-joel-piano-man"],
      ["videos", "12-billy-joel-piano-man"],
      ["web", "12-billy-joel-piano-man"]
    ])
  })

  it("reports a bot-check page and a 429 as YouTube wanting a break, a 503 as a server error", async () => {
    const reasons: Array<string> = []
    for (const faults of [{ botCheck: 1 }, { rateLimited: 1 }, { serverErrors: 1 }]) {
      fake.setFaults(faults)
      const exit = await search("Billy Joel - Piano Man", "songs")
      reasons.push(Exit.isFailure(exit) ? JSON.stringify(exit.cause).match(/"reason":"(\w+)"/)?.[1] ?? "?" : "success")
    }
    expect(reasons).toEqual(["BotCheck", "RateLimited", "Server"])
  })

  it("after a pause starts, no search is sent until the cool-down is over", async () => {
    const started = Date.now()
    const exit = await Effect.runPromiseExit(
      Effect.gen(function*() {
        const youtube = yield* YouTubeSearch
        expect(yield* youtube.pause).toBe(true)
        expect(yield* youtube.pause).toBe(false)
        return yield* youtube.search("De Vet Du - Pantamera", "songs")
      }).pipe(Effect.provide(searchLayer({ baseUrl: fake.url, requestsPerMinute: 60_000, cooldown: "400 millis" })))
    )
    expect(Exit.isSuccess(exit)).toBe(true)
    expect(fake.requests.at(-1)!.at - started).toBeGreaterThanOrEqual(390)
  })

  it.each([1, 3])("keeps at most %i searches in flight, however many tracks ask at once", async (atOnce) => {
    const slow = await startFakeYouTube({ cases: recordings, latencyMs: 150 })
    const exit = await Effect.runPromiseExit(
      Effect.flatMap(YouTubeSearch, (youtube) =>
        Effect.forEach(["Billy Joel - Piano Man", "De Vet Du - Pantamera", "Hodak - zapach zimy i papierosów", "Oki - Fresh Water Soda", "SZA - Open Arms", "Mata - 67-410"],
          (query) => youtube.search(query, "songs"), { concurrency: "unbounded" })
      ).pipe(Effect.provide(searchLayer({ baseUrl: slow.url, requestsPerMinute: 60_000, cooldown: "10 millis", concurrency: atOnce })))
    )
    await slow.close()
    expect(Exit.isSuccess(exit)).toBe(true)
    expect(slow.searches()).toHaveLength(6)
    expect(slow.peakSearchesInFlight()).toBe(atOnce)
  })
})
