import { it } from "@effect/vitest"
import { Clock, Effect, Fiber, TestClock } from "effect"
import { describe, expect } from "vitest"
import { makePace } from "../../src/audio/pace.ts"

describe("the polite pace", () => {
  it.effect("lets one download start every interval, whatever the number waiting", () =>
    Effect.gen(function*() {
      const pace = yield* makePace(5)
      const starts = yield* Effect.fork(
        Effect.forEach([1, 2, 3], () => Effect.zipRight(pace, Clock.currentTimeMillis), { concurrency: 3 })
      )
      yield* TestClock.adjust("20 seconds")
      expect([...(yield* Fiber.join(starts))].sort((a, b) => a - b)).toEqual([0, 5000, 10000])
    }))

  it.effect("zero seconds means no pause", () =>
    Effect.gen(function*() {
      const pace = yield* makePace(0)
      yield* Effect.all([pace, pace, pace])
      expect(yield* Clock.currentTimeMillis).toBe(0)
    }))
})
