// Phase 1 benchmarks (issue #2):
//  1. Pacing: 600 releases against a fake limited to LIMIT requests per WINDOW (a scaled-down
//     Discogs: the same moving window, 15× faster): achieved rate as a share of the limit
//     (goal ≥ 0.95) and 429s (goal 0).
//  2. No-op re-run over an already synced 10,000-release database (goal < 1 s), as a ratio
//     to the full sync of the same collection.
import { startFakeDiscogs, syntheticCollection, syntheticReleases } from "../src/fakes/discogs-server.ts"
import { fmt, removeDir, scratchDir, seconds, timeCli, writeConfig } from "./support.ts"

const TOKEN = "bench-token"

const pacing = async () => {
  const limit = 60
  const windowMs = 4_000
  const releases = syntheticReleases(600)
  const fake = await startFakeDiscogs({ releases, collection: syntheticCollection(releases), username: "bench", token: TOKEN, rateLimit: { limit, windowMs } })
  const dir = scratchDir("pacing")
  try {
    // Discogs' limit, scaled: `limit` per `windowMs` is this many per minute.
    const perMinute = (limit * 60_000) / windowMs
    writeConfig(dir, {
      discogs: { requestsPerMinute: perMinute },
      pipelines: { metadata: { steps: { release: { concurrency: 4 } } } }
    })
    const run = await timeCli(["run", "metadata"], dir, { DISCOGS_TOKEN: TOKEN, DISCOGS_USERNAME: "bench", DISCOGS_API_URL: fake.url })
    if (run.code !== 0) throw new Error(`sync failed: ${run.stderr}`)
    const served = fake.requests
    const span = served.at(-1)!.at - served[0]!.at
    const achieved = (served.length - 1) / span * 1000
    const allowed = limit / windowMs * 1000
    console.log(`pacing: ${served.length} requests (${releases.size} releases + pages) against ${limit} per ${windowMs / 1000} s (${perMinute}/min)`)
    console.log(`  wall ${seconds(run.ms)}, requests over ${seconds(span)}`)
    console.log(`  achieved ${fmt(achieved)} req/s of ${fmt(allowed)} allowed: share of limit ${fmt(achieved / allowed, 3)} (goal ≥ 0.95)`)
    console.log(`  429s: ${fake.stats.rateLimited} (goal 0)`)
  } finally {
    await fake.close()
    removeDir(dir)
  }
}

const noOp = async () => {
  const size = 10_000
  const releases = syntheticReleases(size)
  const fake = await startFakeDiscogs({ releases, collection: syntheticCollection(releases), username: "bench", token: TOKEN, rateLimit: { limit: 1_000_000, windowMs: 60_000 } })
  const dir = scratchDir("noop")
  try {
    writeConfig(dir, { discogs: { requestsPerMinute: 1_000_000 }, pipelines: { metadata: { steps: { release: { concurrency: 8 } } } } })
    const env = { DISCOGS_TOKEN: TOKEN, DISCOGS_USERNAME: "bench", DISCOGS_API_URL: fake.url }
    const full = await timeCli(["run", "metadata"], dir, env)
    if (full.code !== 0) throw new Error(`sync failed: ${full.stderr}`)
    const runs = []
    for (let i = 0; i < 3; i++) runs.push(await timeCli(["run", "metadata"], dir, env))
    const best = Math.min(...runs.map((r) => r.ms))
    const startup = await timeCli(["--version"], dir, env)
    console.log(`no-op re-run over a synced ${size}-release collection (the collection check is one page: nothing changed):`)
    console.log(`  full sync ${seconds(full.ms)} (no rate limit, 8 at a time); no-op re-run ${seconds(best)} (best of 3; goal < 1 s), of which process start ${seconds(startup.ms)}`)
    console.log(`  ratio no-op / full: ${fmt(best / full.ms, 4)}`)
  } finally {
    await fake.close()
    removeDir(dir)
  }
}

await pacing()
await noOp()
