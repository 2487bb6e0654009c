import { Duration, Effect, RateLimiter, type Scope } from "effect"

/**
 * A turn for whoever asks, at most one every `interval` and never a burst, shared by every
 * fiber: Effect's RateLimiter with a bucket of one token. A zero interval means no pause.
 */
export const spaced = (interval: Duration.DurationInput): Effect.Effect<Effect.Effect<void>, never, Scope.Scope> =>
  Duration.toMillis(Duration.decode(interval)) <= 0
    ? Effect.succeed(Effect.void)
    : Effect.map(RateLimiter.make({ limit: 1, interval }), (limit) => limit(Effect.void))
