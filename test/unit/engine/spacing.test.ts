import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, Fiber, TestClock } from "effect"
import { spaced } from "../../../src/engine/spacing.ts"

describe("spaced turns (YouTube searches, audio downloads)", () => {
  it.scoped("one every interval however many ask at once, the first at once", () =>
    Effect.gen(function*() {
      const turn = yield* spaced("2 seconds")
      const fiber = yield* Effect.fork(Effect.forEach([1, 2, 3, 4], () => Effect.zipRight(turn, Clock.currentTimeMillis), { concurrency: "unbounded" }))
      yield* TestClock.adjust("10 seconds")
      expect([...(yield* Fiber.join(fiber))].sort((a, b) => a - b)).toEqual([0, 2000, 4000, 6000])
    }))

  it.scoped("after a quiet while, still no burst: one at once, the next an interval later", () =>
    Effect.gen(function*() {
      const turn = yield* spaced("5 seconds")
      yield* turn
      yield* TestClock.adjust("60 seconds")
      const fiber = yield* Effect.fork(Effect.forEach([1, 2, 3], () => Effect.zipRight(turn, Clock.currentTimeMillis), { concurrency: "unbounded" }))
      yield* TestClock.adjust("20 seconds")
      expect([...(yield* Fiber.join(fiber))].sort((a, b) => a - b)).toEqual([60_000, 65_000, 70_000])
    }))

  it.scoped("zero means no pause", () =>
    Effect.gen(function*() {
      const turn = yield* spaced(0)
      yield* Effect.all([turn, turn, turn])
      expect(yield* Clock.currentTimeMillis).toBe(0)
    }))
})
