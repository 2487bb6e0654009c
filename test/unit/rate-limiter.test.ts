import { it } from "@effect/vitest"
import { Clock, Effect, Fiber, TestClock } from "effect"
import { describe, expect } from "vitest"
import * as RateLimiter from "../../src/discogs/RateLimiter.ts"

const takeTimes = (limiter: RateLimiter.RateLimiter, n: number) =>
  Effect.forEach(Array.from({ length: n }), () => Effect.zipRight(limiter.take, Clock.currentTimeMillis), { concurrency: "unbounded" })

describe("RateLimiter", () => {
  it.effect("spaces requests evenly, slightly slower than the limit, even when asked concurrently", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make(60)
      const fiber = yield* Effect.fork(takeTimes(limiter, 4))
      yield* TestClock.adjust("10 seconds")
      expect(yield* Fiber.join(fiber)).toEqual([0, 1020, 2040, 3060])
    }))

  it.effect("never lets more than the limit through in any 60-second window", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make(60)
      const fiber = yield* Effect.fork(takeTimes(limiter, 200))
      yield* TestClock.adjust("10 minutes")
      const times = yield* Fiber.join(fiber)
      const worst = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length))
      expect(worst).toBeLessThanOrEqual(60)
      expect(worst).toBeGreaterThanOrEqual(58)
    }))

  it.effect("follows a lower limit announced by the server", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make(60)
      yield* limiter.take
      yield* limiter.observe({ "x-discogs-ratelimit": "25", "x-discogs-ratelimit-remaining": "24" })
      const fiber = yield* Effect.fork(takeTimes(limiter, 2))
      yield* TestClock.adjust("1 minute")
      expect(yield* Fiber.join(fiber)).toEqual([1020, 1020 + 2448])
    }))

  it.effect("pauses when the server says the window is spent, and after a 429", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make(60)
      yield* limiter.take
      yield* limiter.observe({ "x-discogs-ratelimit": "60", "x-discogs-ratelimit-remaining": "0" })
      const paused = yield* Effect.fork(takeTimes(limiter, 1))
      yield* TestClock.adjust("1 minute")
      expect(yield* Fiber.join(paused)).toEqual([2040]) // two spacings, not the next slot at 1020
      yield* limiter.backOff(5_000)
      const backedOff = yield* Effect.fork(takeTimes(limiter, 1))
      yield* TestClock.adjust("1 minute")
      expect(yield* Fiber.join(backedOff)).toEqual([65_000])
    }))
})
