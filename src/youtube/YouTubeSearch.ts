import { Context, Duration, Effect, Layer } from "effect"
import type { Innertube } from "youtubei.js"
import * as Cooldown from "../engine/Cooldown.ts"
import { BlockedAnswer } from "./BlockedAnswer.ts"
import type { Candidate } from "./match/index.ts"
import { spaced } from "../engine/spacing.ts"
import { YouTubeError } from "./YouTubeError.ts"

/** YouTube Music "songs", YouTube Music "videos", or a plain YouTube search. */
export type SearchKind = "songs" | "videos" | "web"

export interface YouTubeSearchService {
  /** One search, first page only. Waits for any cool-down in force and for its turn (rate and concurrency). */
  readonly search: (query: string, kind: SearchKind) => Effect.Effect<ReadonlyArray<Candidate>, YouTubeError>
  /** Starts (or extends) the pause every search waits for; true when this call started it. */
  readonly pause: Effect.Effect<boolean>
  readonly cooldown: Duration.Duration
}

export class YouTubeSearch extends Context.Tag("crate/YouTubeSearch")<YouTubeSearch, YouTubeSearchService>() {}

export interface YouTubeSearchOptions {
  readonly baseUrl: string
  readonly requestsPerMinute: number
  readonly cooldown: Duration.DurationInput
  /** Searches in flight at once, all releases together. */
  readonly concurrency?: number
}

const classify = (error: unknown): YouTubeError => {
  if (error instanceof BlockedAnswer) return new YouTubeError({ reason: error.reason, message: error.message })
  const message = error instanceof Error ? error.message : String(error)
  const status = /status code (\d{3})/.exec(message)?.[1]
  if (status !== undefined) {
    return Number(status) >= 500
      ? new YouTubeError({ reason: "Server", message: `YouTube answered HTTP ${status}` })
      : new YouTubeError({ reason: "Unexpected", message: `YouTube answered HTTP ${status}` })
  }
  if (error instanceof TypeError && /fetch failed|network|socket|ECONN/i.test(`${message} ${String(error.cause ?? "")}`)) {
    return new YouTubeError({ reason: "Network", message: `YouTube could not be reached: ${String((error.cause as Error | undefined)?.message ?? message)}` })
  }
  return new YouTubeError({ reason: "Unexpected", message: `a YouTube answer could not be read: ${message.split("\n")[0]}` })
}

/**
 * The real search: youtubei.js, created hermetically on first use (see innertube.ts) so that
 * building this layer costs nothing for runs that never search.
 */
export const layer = (options: YouTubeSearchOptions): Layer.Layer<YouTubeSearch> =>
  Layer.scoped(YouTubeSearch, Effect.gen(function*() {
    const cooldown = yield* Cooldown.make
    const turn = yield* spaced(Duration.millis(60_000 / options.requestsPerMinute))
    const permits = yield* Effect.makeSemaphore(options.concurrency ?? 2)
    // youtubei.js (with the JavaScript parser it brings) is loaded on the first search, not at
    // start: every other command starts without it (~45 MB and ~0.1 s less).
    const client = yield* Effect.cached(
      Effect.tryPromise({
        try: async () => {
          const loaded = await import("./client.ts")
          return { ...loaded, yt: await loaded.createInnertube(options.baseUrl) }
        },
        catch: classify
      })
    )

    const request = <A>(ask: (yt: Innertube) => Promise<A>) =>
      permits.withPermits(1)(Effect.gen(function*() {
        // A pause may have begun while this search waited for a permit.
        yield* cooldown.wait
        yield* turn
        const { yt } = yield* client
        return yield* Effect.tryPromise({ try: () => ask(yt), catch: classify })
      }))

    const search = (query: string, kind: SearchKind) =>
      Effect.gen(function*() {
        yield* cooldown.wait
        const { musicCandidates, webCandidates } = yield* client
        return kind === "web"
          ? webCandidates(yield* request((yt) => yt.search(query, { type: "video" })))
          : musicCandidates(yield* request((yt) => yt.music.search(query, { type: kind === "songs" ? "song" : "video" })))
      })

    return { search, pause: cooldown.pause(options.cooldown), cooldown: Duration.decode(options.cooldown) }
  }))
