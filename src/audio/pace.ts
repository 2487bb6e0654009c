import { Clock, Effect, Ref } from "effect"

/**
 * A polite pace: at most one download starts every `seconds`, whatever the concurrency
 * (the first starts at once). Zero means no pause.
 */
export const makePace = (seconds: number): Effect.Effect<Effect.Effect<void>> =>
  Effect.map(Ref.make(0), (next) => {
    const intervalMs = seconds * 1000
    if (intervalMs <= 0) return Effect.void
    return Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const start = yield* Ref.modify(next, (earliest) => {
        const at = Math.max(now, earliest)
        return [at, at + intervalMs] as const
      })
      if (start > now) yield* Effect.sleep(start - now)
    })
  })
