import { it } from "@effect/vitest"
import { SqlClient } from "@effect/sql"
import { Clock, Effect, Fiber, Schema, TestClock } from "effect"
import { join } from "node:path"
import { describe, expect } from "vitest"
import { advance, eta, initial, type StepProgress } from "../../src/cli/progress/model.ts"
import type { RunEvent } from "../../src/engine/events.ts"
import type { ItemSpace } from "../../src/engine/ItemSpace.ts"
import * as Pipeline from "../../src/engine/Pipeline.ts"
import * as Runner from "../../src/engine/Runner.ts"
import * as Step from "../../src/engine/Step.ts"
import * as Database from "../../src/library/Database.ts"
import { tempDir } from "../support/tempDir.ts"

const count = 20
const items: ItemSpace<string> = {
  name: "release",
  key: Schema.String,
  label: (item) => `release ${item}`,
  table: { from: "items i", column: "i.item", where: "1", orderBy: "i.item" }
}

/** A step paced as a rate-limited one is: its first item waits 10 s (the limiter's first window), every other takes 2 s. */
const paced = Step.make({
  name: "paced",
  description: "paced",
  dependsOn: [],
  version: 1,
  items,
  run: (item) => Effect.as(Effect.sleep(item === "00" ? "10 seconds" : "2 seconds"), Effect.void)
})

describe("a bar's ETA on a paced step (the real runner, virtual time)", () => {
  it.effect("is within 2× of the time the step really still takes, from its first items on", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* sql`CREATE TABLE items (item TEXT PRIMARY KEY)`
      for (let i = 0; i < count; i++) yield* sql`INSERT INTO items VALUES (${String(i).padStart(2, "0")})`
      const seen: Array<{ readonly at: number; readonly progress: StepProgress }> = []
      let progress = initial("paced")
      const onEvent = (event: RunEvent) =>
        Effect.map(Clock.currentTimeMillis, (at) => {
          progress = advance(progress, event, at)
          if (event._tag === "ItemDone") seen.push({ at, progress })
        })
      const run = yield* Effect.fork(Runner.run(Pipeline.make("test", [paced]), {
        command: "crate run test",
        selection: { items: [], refresh: false, flags: new Set() },
        retryFailed: false,
        policy: () => ({ enabled: true, concurrency: 2, retry: { times: 0, base: 0 } }),
        onEvent
      }))
      while (seen.length < count) yield* TestClock.adjust("500 millis")
      yield* Fiber.join(run)
      const end = seen.at(-1)!.at
      // From the third item done on (the pace needs two to be read), every estimate is within 2× of the truth.
      for (const { at, progress } of seen.slice(2).filter((point) => point.at < end)) {
        const left = (end - at) / 1000
        const estimate = eta(progress)!
        expect(estimate / left, `at ${at / 1000} s: ETA ${estimate} s, really ${left} s`).toBeGreaterThanOrEqual(0.5)
        expect(estimate / left, `at ${at / 1000} s: ETA ${estimate} s, really ${left} s`).toBeLessThanOrEqual(2)
      }
    }).pipe(Effect.provide(Database.layer(join(tempDir(), "pace.db")))))
})
