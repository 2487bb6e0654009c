import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import type { HttpClientResponse } from "@effect/platform/HttpClientResponse"
import { Context, Duration, Effect, Layer, Option, Redacted, Schedule, Schema } from "effect"
import type { RetryPolicy } from "../engine/Retry.ts"
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
  /** One page (1-based, 100 items) of the user's whole collection (folder 0), newest additions first. */
  readonly collectionPage: (username: string, page: number) => Effect.Effect<CollectionPage, DiscogsError>
  readonly release: (releaseId: number) => Effect.Effect<DiscogsRelease, DiscogsError>
  /** Who the token belongs to. */
  readonly identity: Effect.Effect<Identity, DiscogsError>
  /**
   * The bytes of an image Discogs lists (an absolute http(s) URL, i.discogs.com in real data),
   * paced by the same limiter as API calls. A body shorter than its Content-Length fails as
   * "Network" (transient). `resource` names it in errors, e.g. "image 2 of release 1503102".
   */
  readonly image: (url: string, resource?: string) => Effect.Effect<Uint8Array, DiscogsError>
}>() {}

const requestTimeout = Duration.seconds(30)
/** Discogs' images are well under 1 MB: a body announced larger than this is refused unread. */
const maxImageBytes = 32 * 1024 * 1024

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

/** An absolute http(s) URL, or none: a hostile answer must not make us read `file://` or worse. */
const httpUrl = (url: string): URL | undefined => {
  const parsed = URL.canParse(url) ? new URL(url) : undefined
  return parsed && (parsed.protocol === "http:" || parsed.protocol === "https:") ? parsed : undefined
}

/** The token goes to Discogs' hosts and to the API's own host (a loopback fake in tests), nowhere else. */
const tokenHosts = (apiUrl: string) => (url: string): boolean => {
  const host = httpUrl(url)?.hostname
  return host !== undefined && (host === "discogs.com" || host.endsWith(".discogs.com") || host === httpUrl(apiUrl)?.hostname)
}

export const make = (settings: DiscogsSettings) =>
  Effect.gen(function*() {
    const limiter = yield* RateLimiter.make(settings.requestsPerMinute)
    const http = yield* HttpClient.HttpClient
    const withToken = (request: HttpClientRequest.HttpClientRequest) =>
      settings.token === null
        ? request
        : HttpClientRequest.setHeader(request, "Authorization", `Discogs token=${Redacted.value(settings.token)}`)
    const client = http.pipe(
      HttpClient.mapRequest((request) =>
        request.pipe(
          HttpClientRequest.prependUrl(settings.apiUrl),
          HttpClientRequest.setHeaders({ Accept: "application/json", "User-Agent": userAgent }),
          withToken
        )
      )
    )
    const trusted = tokenHosts(settings.apiUrl)
    const imageClient = http.pipe(
      HttpClient.mapRequest((request) => {
        const headed = HttpClientRequest.setHeaders(request, { Accept: "image/*", "User-Agent": userAgent })
        return trusted(request.url) ? withToken(headed) : headed
      })
    )
    const retrySchedule = Schedule.exponential(Duration.decode(settings.retry.base)).pipe(
      Schedule.jittered,
      Schedule.intersect(Schedule.recurs(settings.retry.times))
    )

    const readBody = (response: HttpClientResponse, resource: string) =>
      response.text.pipe(
        Effect.mapError(() => new DiscogsError({ reason: "Network", resource, message: `${resource}: the connection broke while reading the answer` }))
      )

    /** One GET paced by the shared limiter: the response when it is a 200, else a DiscogsError. */
    const send = (httpClient: HttpClient.HttpClient, url: string, where: string, resource: string) =>
      Effect.gen(function*() {
        yield* limiter.take
        const response = yield* httpClient.get(url).pipe(
          Effect.timeoutFail({
            duration: requestTimeout,
            onTimeout: () => new DiscogsError({ reason: "Network", resource, message: `${resource}: Discogs did not answer within 30 s` })
          }),
          Effect.catchTags({
            RequestError: (error) => Effect.fail(new DiscogsError({ reason: "Network", resource, message: `${resource}: cannot reach Discogs at ${where} (${error.description ?? error.reason})` })),
            ResponseError: (error) => Effect.fail(new DiscogsError({ reason: "Network", resource, message: `${resource}: broken answer from Discogs (${error.description ?? error.reason})` }))
          })
        )
        yield* limiter.observe(response.headers)
        if (response.status === 200) return response
        const body = yield* readBody(response, resource)
        if (response.status === 429) yield* limiter.backOff(Duration.toMillis(settings.retry.base))
        return yield* statusError(response.status, resource, body)
      })

    /** One GET, paced by the shared limiter, retried while the failure is transient. */
    const get = <A, I>(path: string, schema: Schema.Schema<A, I>, resource: string) => {
      const once = Effect.gen(function*() {
        const response = yield* send(client, path, settings.apiUrl, resource)
        const body = yield* readBody(response, resource)
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

    const image = (url: string, resource = "image") => {
      const target = httpUrl(url)
      if (target === undefined) {
        return Effect.fail(new DiscogsError({ reason: "Http", resource, message: `${resource}: refused to fetch "${url.slice(0, 100)}": not an http(s) URL` }))
      }
      const once = Effect.gen(function*() {
        const response = yield* send(imageClient, target.href, target.origin, resource)
        const declared = Number(response.headers["content-length"] ?? Number.NaN)
        if (declared > maxImageBytes) {
          return yield* new DiscogsError({ reason: "Http", resource, message: `${resource}: refused an image of ${declared} bytes (at most ${maxImageBytes} are accepted)` })
        }
        const bytes = yield* response.arrayBuffer.pipe(
          Effect.timeoutFail({
            duration: requestTimeout,
            onTimeout: () => new DiscogsError({ reason: "Network", resource, message: `${resource}: the image did not arrive within 30 s` })
          }),
          Effect.mapError((error) => error._tag === "DiscogsError" ? error : new DiscogsError({ reason: "Network", resource, message: `${resource}: the connection broke while reading the image` }))
        )
        if (Number.isFinite(declared) && declared !== bytes.byteLength) {
          return yield* new DiscogsError({ reason: "Network", resource, message: `${resource}: the image was cut short (${bytes.byteLength} of ${declared} bytes)` })
        }
        return new Uint8Array(bytes)
      })
      return Effect.retry(once, { schedule: retrySchedule, while: isTransient })
    }

    return DiscogsApi.of({
      collectionPage: (username, page) =>
        get(
          `/users/${encodeURIComponent(username)}/collection/folders/0/releases?page=${page}&per_page=100&sort=added&sort_order=desc`,
          CollectionPage,
          `collection page ${page} of ${username}`
        ),
      release: (releaseId) => get(`/releases/${releaseId}`, DiscogsRelease, `release ${releaseId}`),
      identity: get("/oauth/identity", Identity, "the token's identity"),
      image
    })
  })

export const layer = (settings: DiscogsSettings): Layer.Layer<DiscogsApi> =>
  Layer.effect(DiscogsApi, make(settings)).pipe(Layer.provide(FetchHttpClient.layer))
