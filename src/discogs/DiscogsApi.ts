import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import type { HttpClientResponse } from "@effect/platform/HttpClientResponse"
import { Context, Duration, Effect, Layer, Option, Redacted, Schedule, Schema, Stream } from "effect"
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
   * Redirects are followed by hand, each hop asked of `allow` first (the reason it is refused,
   * or null), so that an allowed host cannot send crate to one that is not. No body over
   * 32 MB is read, announced or not.
   */
  readonly image: (url: string, resource?: string, allow?: (url: string) => string | null) => Effect.Effect<Uint8Array, DiscogsError>
}>() {}

const requestTimeout = Duration.seconds(30)
/** Discogs' images are well under 1 MB: a body larger than this is refused, announced or not, and never held whole. */
const maxImageBytes = 32 * 1024 * 1024
const maxRedirects = 5

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

const isRedirect = (response: HttpClientResponse) =>
  [301, 302, 303, 307, 308].includes(response.status) && response.headers["location"] !== undefined

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

    /** One GET paced by the shared limiter: the response when it is a 200 (or a redirect, with `redirects`), else a DiscogsError. */
    const send = (httpClient: HttpClient.HttpClient, url: string, where: string, resource: string, redirects = false) =>
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
        if (response.status === 200 || (redirects && isRedirect(response))) return response
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

    const refusedAt = (resource: string, url: string, why: string) =>
      new DiscogsError({ reason: "Http", resource, message: `${resource}: refused to fetch "${url.slice(0, 200)}": ${why}` })

    /** The image's bytes, counted as they arrive: past the cap the connection is dropped, not read on. */
    const readCapped = (response: HttpClientResponse, resource: string) =>
      response.stream.pipe(
        Stream.mapError(() => new DiscogsError({ reason: "Network", resource, message: `${resource}: the connection broke while reading the image` })),
        Stream.runFoldEffect({ chunks: [] as Array<Uint8Array>, size: 0 }, (read, chunk) => {
          if (read.size + chunk.length > maxImageBytes) {
            return Effect.fail(new DiscogsError({ reason: "Http", resource, message: `${resource}: refused an image of more than ${maxImageBytes} bytes` }))
          }
          read.chunks.push(chunk)
          return Effect.succeed({ chunks: read.chunks, size: read.size + chunk.length })
        }),
        Effect.map((read) => Buffer.concat(read.chunks, read.size)),
        Effect.timeoutFail({
          duration: requestTimeout,
          onTimeout: () => new DiscogsError({ reason: "Network", resource, message: `${resource}: the image did not arrive within 30 s` })
        })
      )

    const image = (url: string, resource = "image", allow: (url: string) => string | null = () => null) => {
      // Each hop is a request of its own, checked before it is made; fetch must not follow redirects itself.
      const fetchHop = (href: string, hopsLeft: number): Effect.Effect<HttpClientResponse, DiscogsError> =>
        Effect.gen(function*() {
          const target = httpUrl(href)
          if (target === undefined) return yield* refusedAt(resource, href, "not an http(s) URL")
          const refused = allow(target.href)
          if (refused !== null) return yield* refusedAt(resource, target.href, refused)
          const response = yield* send(imageClient, target.href, target.origin, resource, true).pipe(
            Effect.provideService(FetchHttpClient.RequestInit, { redirect: "manual" })
          )
          if (!isRedirect(response)) return response
          if (hopsLeft === 0) return yield* refusedAt(resource, target.href, `more than ${maxRedirects} redirects`)
          return yield* fetchHop(new URL(response.headers["location"]!, target).href, hopsLeft - 1)
        })
      const once = Effect.gen(function*() {
        const response = yield* fetchHop(url, maxRedirects)
        const declared = Number(response.headers["content-length"] ?? Number.NaN)
        if (declared > maxImageBytes) {
          return yield* new DiscogsError({ reason: "Http", resource, message: `${resource}: refused an image of ${declared} bytes (at most ${maxImageBytes} are accepted)` })
        }
        const bytes = yield* readCapped(response, resource)
        if (Number.isFinite(declared) && declared !== bytes.byteLength) {
          return yield* new DiscogsError({ reason: "Network", resource, message: `${resource}: the image was cut short (${bytes.byteLength} of ${declared} bytes)` })
        }
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
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
