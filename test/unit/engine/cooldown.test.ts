import { it } from "@effect/vitest"
import { Clock, Effect, Fiber, TestClock } from "effect"
import { describe, expect } from "vitest"
import * as Cooldown from "../../../src/engine/Cooldown.ts"

describe("Cooldown", () => {
  it.effect("holds every waiter until the pause, extended meanwhile, is over; reports the start once", () =>
    Effect.gen(function*() {
      const cooldown = yield* Cooldown.make
      expect(yield* cooldown.pause("10 seconds")).toBe(true)
      expect(yield* cooldown.pause("5 seconds")).toBe(false)
      const waiters = yield* Effect.fork(Effect.all([cooldown.wait, cooldown.wait], { concurrency: 2 }).pipe(Effect.zipRight(Clock.currentTimeMillis)))
      yield* TestClock.adjust("8 seconds")
      yield* cooldown.pause("10 seconds") // now 8 s: the pause runs to 18 s
      yield* TestClock.adjust("20 seconds")
      expect(yield* Fiber.join(waiters)).toBe(18_000)
      expect(yield* cooldown.pause("1 second")).toBe(true)
    }))
})
