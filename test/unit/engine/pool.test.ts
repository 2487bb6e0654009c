import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Fiber, TestClock } from "effect"
import { forEachPooled } from "../../../src/engine/pool.ts"

describe("forEachPooled", () => {
  it.effect("runs every item, in order, never more than `concurrency` at once", () =>
    Effect.gen(function*() {
      const started: Array<number> = []
      let running = 0
      let peak = 0
      yield* forEachPooled([1, 2, 3, 4, 5, 6, 7], 3, (item) =>
        Effect.gen(function*() {
          started.push(item)
          peak = Math.max(peak, ++running)
          yield* Effect.sleep(`${10 * (item % 3 + 1)} millis`)
          running--
        })).pipe(Effect.fork, Effect.tap(() => TestClock.adjust("1 second")), Effect.flatMap(Fiber.join))
      expect(started).toEqual([1, 2, 3, 4, 5, 6, 7])
      expect(peak).toBe(3)
    }))

  it.effect("on a failure, waits for the finalizers of the items in flight before failing", () =>
    Effect.gen(function*() {
      const finalized: Array<number> = []
      const releaseMayEnd = yield* Deferred.make<void>()
      // Item 1 fails while item 2 is in its finalizer and items 3… still wait: the case
      // Effect.forEach({ concurrency: 2 }) returns from too early in effect 3.22.
      const run = yield* forEachPooled([1, 2, 3, 4, 5], 2, (item) =>
        item === 1
          ? Effect.zipRight(Effect.sleep("10 millis"), Effect.fail("disk full"))
          : Effect.acquireUseRelease(
            Effect.succeed(item),
            () => Effect.sleep("5 millis"),
            () => Effect.zipRight(Deferred.await(releaseMayEnd), Effect.sync(() => finalized.push(item)))
          )).pipe(Effect.fork)
      yield* TestClock.adjust("1 second")
      expect(run.unsafePoll()).toBeNull()
      yield* Deferred.succeed(releaseMayEnd, undefined)
      const exit = yield* Fiber.await(run)
      expect(Exit.isFailure(exit)).toBe(true)
      expect(finalized).toEqual([2])
    }))
})
