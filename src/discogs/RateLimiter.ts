import { Clock, Effect, Ref } from "effect"

/**
 * One limiter for every Discogs request. Discogs counts requests over a moving 60-second
 * window, so a token bucket that lets a burst through at a window boundary earns 429s;
 * instead requests are spaced evenly, a little slower than the limit. The server's own
 * `X-Discogs-Ratelimit*` headers lower the pace when it allows less (no token: 25/min) and
 * pause it when another client of the same token spent the window.
 */
export interface RateLimiter {
  /** Waits for this request's turn. */
  readonly take: Effect.Effect<void>
  /** Reads the rate-limit headers of a response. */
  readonly observe: (headers: Readonly<Record<string, string | undefined>>) => Effect.Effect<void>
  /** A 429 came back anyway: nobody sends for a while. */
  readonly backOff: (millis: number) => Effect.Effect<void>
}

/** Spacing is this much wider than the limit allows: the server's clock and ours are not the same clock. */
const safety = 1.02
const windowMs = 60_000

interface State {
  readonly perMinute: number
  readonly nextAt: number
  readonly pausedUntil: number
}

export const make = (requestsPerMinute: number): Effect.Effect<RateLimiter> =>
  Effect.gen(function*() {
    const state = yield* Ref.make<State>({ perMinute: requestsPerMinute, nextAt: 0, pausedUntil: 0 })
    const spacing = (perMinute: number) => (windowMs / perMinute) * safety

    const take = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const at = yield* Ref.modify(state, (s) => {
        const slot = Math.max(now, s.nextAt, s.pausedUntil)
        return [slot, { ...s, nextAt: slot + spacing(s.perMinute) }]
      })
      if (at > now) yield* Effect.sleep(at - now)
    })

    const observe = (headers: Readonly<Record<string, string | undefined>>) =>
      Effect.gen(function*() {
        const limit = Number(headers["x-discogs-ratelimit"])
        const remaining = Number(headers["x-discogs-ratelimit-remaining"])
        const now = yield* Clock.currentTimeMillis
        yield* Ref.update(state, (s) => ({
          ...s,
          perMinute: Number.isFinite(limit) && limit > 0 ? Math.min(requestsPerMinute, limit) : s.perMinute,
          // The window is full right now (another client of the token, say): leave its oldest
          // request a little time to age out; a 429 after that backs off further.
          pausedUntil: headers["x-discogs-ratelimit-remaining"] !== undefined && remaining <= 0
            ? Math.max(s.pausedUntil, now + 2 * spacing(s.perMinute))
            : s.pausedUntil
        }))
      })

    const backOff = (millis: number) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Ref.update(state, (s) => ({ ...s, pausedUntil: Math.max(s.pausedUntil, now + millis) })))

    return { take, observe, backOff }
  })
