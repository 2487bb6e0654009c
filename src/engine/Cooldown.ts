import { Clock, Duration, Effect, Ref } from "effect"

/**
 * A pause shared by every item of a step: when one item learns that the remote side wants
 * a break (a 429, "confirm you're not a bot"), every item waits instead of each failing.
 */
export interface Cooldown {
  /** Waits until any pause in force is over. */
  readonly wait: Effect.Effect<void>
  /** Starts (or extends) a pause; true when this call started it (so report it once). */
  readonly pause: (duration: Duration.DurationInput) => Effect.Effect<boolean>
}

export const make: Effect.Effect<Cooldown> = Effect.gen(function*() {
  const until = yield* Ref.make(0)
  // Checks again after sleeping: the pause may have been extended meanwhile.
  const wait: Effect.Effect<void> = Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    const end = yield* Ref.get(until)
    if (end > now) yield* Effect.zipRight(Effect.sleep(end - now), wait)
  })
  const pause = (duration: Duration.DurationInput) =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const end = now + Duration.toMillis(duration)
      return yield* Ref.modify(until, (current) => [current <= now, Math.max(current, end)] as const)
    })
  return { wait, pause }
})
