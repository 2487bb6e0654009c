import { Clock, Effect, Ref } from "effect"

/** Spaces requests evenly at `perMinute` (no bursts at a window's edge), shared by every fiber that takes a turn. */
export const make = (perMinute: number): Effect.Effect<{ readonly take: Effect.Effect<void> }> =>
  Effect.gen(function*() {
    const spacing = 60_000 / perMinute
    const next = yield* Ref.make(0)
    const take = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const at = yield* Ref.modify(next, (slot) => {
        const mine = Math.max(now, slot)
        return [mine, mine + spacing] as const
      })
      if (at > now) yield* Effect.sleep(at - now)
    })
    return { take }
  })
