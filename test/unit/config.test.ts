import { it as effectIt } from "@effect/vitest"
import { Effect, Either, Fiber, Redacted, Schedule, TestClock } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { builtinPipelines } from "../../pipelines/index.ts"
import * as Config from "../../src/config/Config.ts"
import * as BuiltinSteps from "../../src/steps.ts"
import { tempDir } from "../support/tempDir.ts"

const defineConfigPath = join(import.meta.dirname, "../../src/config/defineConfig.ts")

/** Loads the config of a fresh folder, which is also HOME: nothing of the user's own is read. */
const load = (files: Record<string, string>, env: Record<string, string> = {}, explicitPath?: string) => {
  const cwd = tempDir()
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text)
  return { cwd, result: Effect.runPromise(Effect.either(Config.load({ cwd, env: { HOME: cwd, ...env }, explicitPath, builtins: builtinPipelines }))) }
}

const message = async (pending: Promise<Either.Either<Config.ResolvedConfig, Config.ConfigError>>) => {
  const result = await pending
  if (Either.isRight(result)) throw new Error("expected a ConfigError")
  return result.left.message
}

describe("Config.load", () => {
  it("without a config file, keeps the collection in the user's data folder, or in this folder when it has a database already", async () => {
    const { cwd, result } = load({})
    const config = Either.getOrThrow(await result)
    expect(config.file).toBeNull()
    expect(config.database).toBe(join(cwd, ".local", "share", "crate", "discogs_collection.db"))
    expect(config.library).toBe(join(cwd, ".local", "share", "crate", "library"))
    const before = load({ "discogs_collection.db": "" })
    expect(Either.getOrThrow(await before.result).database).toBe(join(before.cwd, "discogs_collection.db"))
    const moved = load({}, { XDG_DATA_HOME: "/data" })
    expect(Either.getOrThrow(await moved.result).database).toBe("/data/crate/discogs_collection.db")
    expect(config.discogs).toMatchObject({ apiUrl: "https://api.discogs.com", requestsPerMinute: 60, username: null, token: null })
    expect(Object.keys(config.pipelines)).toEqual(["metadata", "assets"])
    expect(config.pipelines["assets"]!.steps.map((step) => step.name)).toEqual(["covers", "youtube", "audio", "analysis", "waveform"])
    // The Discogs steps' requests are retried by the client (discogs.retry): no second layer.
    expect(config.policies["release"]).toEqual({ enabled: true, concurrency: 2, retry: { times: 0, base: 0 } })
    expect(config.policies["youtube"]).toEqual({ enabled: true, concurrency: 2, retry: { times: 4, base: "2 seconds" } })
    expect(config.policies["covers"]!.concurrency).toBe(4)
  })

  it("reads pipeline.config.ts written with defineConfig, with paths relative to its folder", async () => {
    const { cwd, result } = load({
      "pipeline.config.ts": `import { defineConfig } from ${JSON.stringify(defineConfigPath)}
export default defineConfig({
  database: "data/my.db",
  discogs: { username: "digger", requestsPerMinute: 25 },
  youtube: { searchesAtOnce: 4 },
  pipelines: { metadata: { batch: 10, steps: { release: { concurrency: 3, retry: { times: 1, base: "10 millis" } } } } }
})`
    })
    const config = Either.getOrThrow(await result)
    expect(config.file).toBe(join(cwd, "pipeline.config.ts"))
    expect(config.database).toBe(join(cwd, "data/my.db"))
    expect(config.discogs).toMatchObject({ username: "digger", requestsPerMinute: 25 })
    expect(config.youtube).toMatchObject({ searchesAtOnce: 4, requestsPerMinute: 30 })
    expect(config.pipelines["metadata"]!.batch).toBe(10)
    expect(config.policies["release"]).toEqual({ enabled: true, concurrency: 3, retry: { times: 1, base: "10 millis" } })
    expect(config.policies["collection"]!.concurrency).toBe(1)
  })

  it("lets the environment override the file, and keeps the token redacted", async () => {
    const { cwd, result } = load(
      { "pipeline.config.ts": `export default { database: "a.db", discogs: { username: "file-user" } }` },
      { DISCOGS_TOKEN: "s3cret-token", DISCOGS_USERNAME: "env-user", CRATE_DB: "/tmp/x.db", CRATE_LIBRARY: "lib2", DISCOGS_API_URL: "http://127.0.0.1:9/" }
    )
    const config = Either.getOrThrow(await result)
    expect(config.database).toBe("/tmp/x.db")
    expect(config.library).toBe(join(cwd, "lib2"))
    expect(config.discogs.username).toBe("env-user")
    expect(config.discogs.apiUrl).toBe("http://127.0.0.1:9")
    expect(Redacted.value(config.discogs.token!)).toBe("s3cret-token")
    expect(JSON.stringify(config)).not.toContain("s3cret-token")
    expect(String(config.discogs.token)).not.toContain("s3cret-token")
  })

  it("names an unknown key in one line", async () => {
    const { cwd, result } = load({ "pipeline.config.ts": `export default { pipelines: { metadata: { steps: { relese: {} } } } }` })
    expect(await message(result)).toBe(
      `${join(cwd, "pipeline.config.ts")}: pipelines.metadata.steps.relese: pipeline "metadata" has no step "relese"; its steps are: collection, release`
    )
    const top = load({ "pipeline.config.ts": `export default { discgos: {} }` })
    expect(await message(top.result)).toBe(`${join(top.cwd, "pipeline.config.ts")}: discgos: unknown key; check its spelling in docs/config.md`)
  })

  it("names a value of the wrong type in one line", async () => {
    const { cwd, result } = load({ "pipeline.config.ts": `export default { discogs: { requestsPerMinute: "fast" } }` })
    const text = await message(result)
    expect(text).toMatch(new RegExp(`^${join(cwd, "pipeline.config.ts")}: discogs.requestsPerMinute: Expected number, actual "fast"`))
    expect(text).not.toContain("\n")
  })

  it("refuses a retry base that is not a duration, and a bad API URL", async () => {
    const bad = load({ "pipeline.config.ts": `export default { discogs: { retry: { base: "soon" } } }` })
    expect(await message(bad.result)).toMatch(/discogs\.retry\.base: expected a duration such as "2 seconds"/)
    const url = load({}, { DISCOGS_API_URL: "ftp://example" })
    expect(await message(url.result)).toBe(`DISCOGS_API_URL: "ftp://example" is not an http(s) URL`)
  })

  it("says which file is missing or broken", async () => {
    const missing = load({}, {}, "nope.config.ts")
    expect(await message(missing.result)).toBe(`config file ${join(missing.cwd, "nope.config.ts")} does not exist`)
    const broken = load({ "pipeline.config.ts": `export default {{` })
    expect(await message(broken.result)).toMatch(new RegExp(`^${join(broken.cwd, "pipeline.config.ts")}: could not be loaded: `))
  })

  it("declares pipelines from crate's steps and the config's own, running against crate's very modules", async () => {
    const { result } = load({
      "loudness.ts": `import { Effect } from "effect"
import { releaseItems, Step } from "crate"
export const loudness = Step.make({
  name: "loudness", description: "measure", dependsOn: ["audio"], version: 1, items: releaseItems, concurrency: 3,
  run: () => Effect.succeed(Effect.void)
})`,
      "pipeline.config.ts": `import { defineConfig, pipeline, releases } from "crate"
import { audio, covers, youtube } from "crate/steps"
import { Schedule } from "effect"
import { loudness } from "./loudness.ts"
export default defineConfig({
  pipelines: {
    assets: pipeline(covers, youtube, audio, loudness),
    nineties: pipeline(covers, youtube, { items: releases({ year: [1990, 1999], genre: "Electronic" }), batch: 50 })
  },
  steps: { youtube: { concurrency: 5 }, loudness: { retry: Schedule.recurs(1) } }
})`
    })
    const config = Either.getOrThrow(await result)
    expect(Object.keys(config.pipelines)).toEqual(["assets", "nineties"])
    expect(config.pipelines["assets"]!.steps.map((step) => step.name)).toEqual(["covers", "youtube", "audio", "loudness"])
    // The same objects as crate's own: one copy of crate and of effect.
    expect(config.steps.get("covers")).toBe(BuiltinSteps.covers)
    expect(config.pipelines["nineties"]).toMatchObject({ batch: 50, itemsLabel: "releases of years 1990–1999, genre Electronic" })
    expect(config.policies["youtube"]!.concurrency).toBe(5)
    expect(config.policies["loudness"]!.concurrency).toBe(3)
    expect(Schedule.isSchedule(config.policies["loudness"]!.retry)).toBe(true)
    expect(config.steps.has("release")).toBe(false)
  })

  it("names a bad definition in one line: unknown dependsOn, a cycle, two steps of one name, a policy for no step, a pipeline to tune that is not there", async () => {
    const step = (name: string, dependsOn: Array<string>) =>
      `Step.make({ name: "${name}", description: "", dependsOn: ${JSON.stringify(dependsOn)}, version: 1, items: releaseItems, run: () => Effect.succeed(Effect.void) })`
    const config = (body: string) => `import { Effect } from "effect"
import { pipeline, releaseItems, Step } from "crate"
import { covers } from "crate/steps"
export default ${body}`
    const cases: Array<[string, RegExp]> = [
      [`{ pipelines: { p: pipeline(${step("a", ["nope"])}) } }`, /: pipelines\.p: step "a" depends on "nope", which is not in the pipeline; its steps are: a$/],
      [`{ pipelines: { p: pipeline(${step("a", ["b"])}, ${step("b", ["a"])}) } }`, /: pipelines\.p: cycle a → b → a$/],
      [`{ pipelines: { p: pipeline(${step("a", [])}, ${step("a", [])}) } }`, /: pipelines\.p: two steps are named "a"$/],
      [`{ pipelines: { p: pipeline(${step("covers", [])}), q: pipeline(covers) } }`, /: two different steps are named "covers" \(one is in pipeline "q"\): give one another name$/],
      [`{ pipelines: { p: pipeline(covers) }, steps: { youtub: { concurrency: 1 } } }`, /: steps\.youtub: no pipeline has a step "youtub"; the steps are: covers$/],
      [`{ pipelines: { nineties: { batch: 5 } } }`, /: pipelines\.nineties: there is no pipeline "nineties" to tune; the pipelines are: metadata, assets/],
      [`{ pipelines: { p: [covers] } }`, /: pipelines\.p: expected pipeline\(step, …\) from "crate"/]
    ]
    for (const [body, expected] of cases) {
      const text = await message(load({ "pipeline.config.ts": config(body) }).result)
      expect(text).toMatch(expected)
      expect(text).not.toContain("\n")
    }
  })
})

describe("a config that never finishes loading", () => {
  effectIt.effect("is refused after 20 s with one line, instead of hanging crate", () =>
    Effect.gen(function*() {
      const cwd = tempDir()
      writeFileSync(join(cwd, "pipeline.config.mjs"), "await new Promise(() => {})\nexport default {}\n")
      const fiber = yield* Effect.fork(Effect.either(Config.load({ cwd, env: { HOME: cwd }, builtins: builtinPipelines })))
      // Let esbuild compile it and the import start, in real time; then move the test clock past the limit.
      yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
      yield* Effect.yieldNow()
      yield* TestClock.adjust("21 seconds")
      const result = yield* Fiber.join(fiber)
      expect(Either.isLeft(result) && result.left.message).toBe(`${join(cwd, "pipeline.config.mjs")}: still loading after 20 seconds (a top-level await that never ends?)`)
    }))
})
