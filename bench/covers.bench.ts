// Covers (issue #3): 200 releases of 2 images each against a loopback image host that adds
// 50 ms to every image, at concurrency 1 and at the configured covers concurrency. Prints
// wall times and the speed-up; the ideal is the concurrency, unless the rate limit (all
// Discogs requests share it) allows less. Runs the step in this process with the real
// services (SQLite, DiscogsApi, files): process start is not counted.
import { Effect } from "effect"
import { servicesLayer } from "../src/cli/services.ts"
import { builtinPipelines } from "../pipelines/index.ts"
import * as Config from "../src/config/Config.ts"
import * as Runner from "../src/engine/Runner.ts"
import { syntheticReleases } from "../src/fakes/discogs-server.ts"
import { pointImagesAt, startImageServer } from "../src/fakes/image-server.ts"
import { coversConfig, coversOnly, seedReleases } from "../test/support/covers.ts"
import { fmt, removeDir, scratchDir, seconds } from "./support.ts"

const RELEASES = 200
const IMAGES_PER_RELEASE = 2
const LATENCY_MS = 50
const REQUESTS_PER_MINUTE = 12_000

const images = await startImageServer({ latencyMs: LATENCY_MS })
const template = { width: 600, height: 600, uri: "", uri150: "", resource_url: "" }
const releases = pointImagesAt(
  new Map([...syntheticReleases(RELEASES)].map(([id, body]) => [id, {
    ...(body as object),
    images: Array.from({ length: IMAGES_PER_RELEASE }, (_, i) => ({ ...template, type: i === 0 ? "primary" : "secondary" }))
  }])),
  images.url
)

const timeCovers = async (concurrency: number) => {
  const dir = scratchDir("covers")
  try {
    const config = await coversConfig(dir, images.url, { requestsPerMinute: REQUESTS_PER_MINUTE })
    await seedReleases(config, releases)
    const before = images.requests.length
    const started = performance.now()
    const summary = await Effect.runPromise(Runner.run(coversOnly, {
      command: "bench",
      only: ["covers"],
      selection: { items: [], refresh: false, flags: new Set() },
      retryFailed: false,
      policy: () => ({ enabled: true, concurrency, retry: { times: 2, base: "100 millis" } })
    }).pipe(Effect.provide(servicesLayer(config))))
    const ms = performance.now() - started
    const covers = summary.steps.find((step) => step.step === "covers")!
    if (covers.done !== RELEASES) throw new Error(`covers did ${covers.done} of ${RELEASES}: ${JSON.stringify(covers)}`)
    return { ms, requests: images.requests.length - before }
  } finally {
    removeDir(dir)
  }
}

try {
  const configured = (await Effect.runPromise(Config.load({ cwd: process.cwd(), env: process.env, builtins: builtinPipelines }))).policies["covers"]!.concurrency
  const total = RELEASES * IMAGES_PER_RELEASE
  const floorMs = total * (60_000 / REQUESTS_PER_MINUTE)
  console.log(`covers: ${RELEASES} releases × ${IMAGES_PER_RELEASE} images = ${total} images, +${LATENCY_MS} ms each, ` +
    `rate limit ${REQUESTS_PER_MINUTE}/min (no faster than ${seconds(floorMs)} for all)`)
  const one = await timeCovers(1)
  const many = await timeCovers(configured)
  const ideal = Math.min(configured, one.ms / floorMs)
  console.log(`  concurrency 1: ${seconds(one.ms)} (${fmt(total / one.ms * 1000, 1)} images/s, ${one.requests} requests)`)
  console.log(`  concurrency ${configured} (configured): ${seconds(many.ms)} (${fmt(total / many.ms * 1000, 1)} images/s, ${many.requests} requests)`)
  console.log(`  speed-up ${fmt(one.ms / many.ms)}× of ${fmt(ideal)}× possible (the concurrency, bounded by the rate limit): ${fmt(one.ms / many.ms / ideal, 3)} of ideal`)
} finally {
  await images.close()
}
