import { HttpClient, HttpClientRequest } from "@effect/platform"
import type { HttpClientResponse } from "@effect/platform/HttpClientResponse"
import { NodeHttpClient } from "@effect/platform-node"
import { Context, Duration, Effect, Layer, Option, Redacted, Schedule, Schema, Stream } from "effect"
import type { RetryPolicy } from "../engine/Runner.ts"
import { DiscogsError, isTransient } from "./DiscogsError.ts"
import * as RateLimiter from "./RateLimiter.ts"
import { CollectionPage, DiscogsMessage, DiscogsRelease, formatParseError, Identity } from "./schema.ts"
import { userAgent } from "./userAgent.ts"

export interface DiscogsSettings {
  readonly apiUrl: string
  /** Without one, requests go unauthenticated (Discogs allows fewer, and no images). */
  readonly token: Redacted.Redacted<string> | null
  readonly requestsPerMinute: number
  readonly retry: RetryPolicy
}

export class DiscogsApi extends Context.Tag("crate/DiscogsApi")<DiscogsApi, {
  /** The user's whole collection (folder 0), page by page, 100 items a page. */
  readonly collection: (username: string) => Stream.Stream<CollectionPage, DiscogsError>
  readonly release: (releaseId: number) => Effect.Effect<DiscogsRelease, DiscogsError>
  /** Who the token belongs to. */
  readonly identity: Effect.Effect<Identity, DiscogsError>
}>() {}

const requestTimeout = Duration.seconds(30)

const statusError = (status: number, resource: string, body: string): DiscogsError => {
  const said = Option.match(Schema.decodeUnknownOption(Schema.parseJson(DiscogsMessage))(body), {
    onNone: () => "",
    onSome: (message) => `: ${message.message}`
  })
  const reason = status === 401 ? "Unauthorized"
    : status === 403 ? "Forbidden"
    : status === 404 ? "NotFound"
    : status === 429 ? "RateLimited"
    : status >= 500 ? "Server"
    : "Http"
  return new DiscogsError({ reason, resource, message: `${resource}: Discogs answered HTTP ${status}${said}` })
}

export const make = (settings: DiscogsSettings) =>
  Effect.gen(function*() {
    const limiter = yield* RateLimiter.make(settings.requestsPerMinute)
    const client = (yield* HttpClient.HttpClient).pipe(
      HttpClient.mapRequest((request) =>
        request.pipe(
          HttpClientRequest.prependUrl(settings.apiUrl),
          HttpClientRequest.setHeaders({ Accept: "application/json", "User-Agent": userAgent }),
          settings.token === null
            ? (request) => request
            : HttpClientRequest.setHeader("Authorization", `Discogs token=${Redacted.value(settings.token)}`)
        )
      )
    )
    const retrySchedule = Schedule.exponential(Duration.decode(settings.retry.base)).pipe(
      Schedule.jittered,
      Schedule.intersect(Schedule.recurs(settings.retry.times))
    )

    const readBody = (response: HttpClientResponse, resource: string) =>
      response.text.pipe(
        Effect.mapError(() => new DiscogsError({ reason: "Network", resource, message: `${resource}: the connection broke while reading the answer` }))
      )

    /** One GET, paced by the shared limiter, retried while the failure is transient. */
    const get = <A, I>(path: string, schema: Schema.Schema<A, I>, resource: string) => {
      const once = Effect.gen(function*() {
        yield* limiter.take
        const response = yield* client.get(path).pipe(
          Effect.timeoutFail({
            duration: requestTimeout,
            onTimeout: () => new DiscogsError({ reason: "Network", resource, message: `${resource}: Discogs did not answer within 30 s` })
          }),
          Effect.catchTags({
            RequestError: (error) => Effect.fail(new DiscogsError({ reason: "Network", resource, message: `${resource}: cannot reach Discogs at ${settings.apiUrl} (${error.description ?? error.reason})` })),
            ResponseError: (error) => Effect.fail(new DiscogsError({ reason: "Network", resource, message: `${resource}: broken answer from Discogs (${error.description ?? error.reason})` }))
          })
        )
        yield* limiter.observe(response.headers)
        const body = yield* readBody(response, resource)
        if (response.status === 429) yield* limiter.backOff(Duration.toMillis(settings.retry.base))
        if (response.status !== 200) return yield* statusError(response.status, resource, body)
        const json = yield* Effect.try({
          try: () => JSON.parse(body) as unknown,
          catch: () => new DiscogsError({ reason: "Decode", resource, message: `${resource}: Discogs sent a body that is not JSON (${body.length} bytes)` })
        })
        return yield* Schema.decodeUnknown(schema)(json).pipe(
          Effect.mapError((error) => new DiscogsError({ reason: "Decode", resource, message: `${resource}: unexpected data from Discogs: ${formatParseError(error)}` }))
        )
      })
      return Effect.retry(once, { schedule: retrySchedule, while: isTransient })
    }

    const collectionPage = (username: string, page: number) =>
      get(
        `/users/${encodeURIComponent(username)}/collection/folders/0/releases?page=${page}&per_page=100&sort=added&sort_order=asc`,
        CollectionPage,
        `collection page ${page} of ${username}`
      )

    return DiscogsApi.of({
      collection: (username) =>
        Stream.paginateEffect(1, (page) =>
          Effect.map(collectionPage(username, page), (body) =>
            [body, page < body.pagination.pages ? Option.some(page + 1) : Option.none()] as const)),
      release: (releaseId) => get(`/releases/${releaseId}`, DiscogsRelease, `release ${releaseId}`),
      identity: get("/oauth/identity", Identity, "the token's identity")
    })
  })

export const layer = (settings: DiscogsSettings): Layer.Layer<DiscogsApi> =>
  Layer.effect(DiscogsApi, make(settings)).pipe(Layer.provide(NodeHttpClient.layerUndici))
