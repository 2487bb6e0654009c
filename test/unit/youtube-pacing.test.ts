import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, Fiber, TestClock } from "effect"
import * as Pacer from "../../src/youtube/Pacer.ts"

describe("the search pace", () => {
  it.effect("spaces searches evenly at the configured rate, however many ask at once", () =>
    Effect.gen(function*() {
      const pacer = yield* Pacer.make(30)
      const times: Array<number> = []
      const fiber = yield* Effect.fork(Effect.forEach([1, 2, 3, 4], () =>
        Effect.zipRight(pacer.take, Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => times.push(now)))), { concurrency: "unbounded" }))
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      expect(times).toEqual([0, 2000, 4000, 6000])
    }))
})
