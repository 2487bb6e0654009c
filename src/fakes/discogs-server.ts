/**
 * A loopback fake of https://api.discogs.com serving recorded data, for tests, benchmarks and
 * `crate demo`. Plain node:http; every response is decided synchronously on arrival and sent after
 * `latencyMs`.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { listenOnLoopback } from "./loopback.ts"
import { CollectionPages, type CollectionEntry } from "./discogs-collection.ts"
import { FaultState, type FaultKind, type FaultPlan } from "./faults.ts"
import { MovingWindow } from "./moving-window.ts"

export type { CollectionEntry } from "./discogs-collection.ts"
export type { FaultKind, FaultPlan } from "./faults.ts"
export {
  demoCollection,
  fixturesDir,
  loadRecordedReleases,
  syntheticCollection,
  syntheticReleases
} from "./discogs-data.ts"

export interface FakeDiscogsOptions {
  /** release id -> JSON body served at GET /releases/{id} */
  readonly releases: ReadonlyMap<number, unknown>
  /** what GET /users/{username}/collection/folders/0/releases lists, in this order */
  readonly collection: ReadonlyArray<CollectionEntry>
  /** default "demo" */
  readonly username?: string
  /** the token required in `Authorization: Discogs token=<token>`; default "fake-token" */
  readonly token?: string
  /** moving window; default 60 per 60_000 ms */
  readonly rateLimit?: { readonly limit: number; readonly windowMs: number }
  /** added before every response; default 0 */
  readonly latencyMs?: number
  readonly faults?: FaultPlan
  /** default 0 = a free port; always bound to 127.0.0.1 */
  readonly port?: number
}

export interface RequestRecord {
  readonly method: string
  readonly path: string
  readonly query: string
  readonly status: number
  /** arrival time, ms since the epoch */
  readonly at: number
  readonly authorized: boolean
  /** set when a FaultPlan decided this response */
  readonly fault?: FaultKind
  /** set when a FaultPlan held this response back (it is otherwise what it would have been) */
  readonly slow?: true
}

export interface FakeDiscogsStats {
  ok: number
  rateLimited: number
  unauthorized: number
  notFound: number
  serverErrors: number
  malformed: number
  dropped: number
  /** Responses a FaultPlan held back (counted besides their status). */
  slow: number
}

export interface FakeDiscogs {
  /** "http://127.0.0.1:PORT", no trailing slash */
  readonly url: string
  /** every request received, in order */
  readonly requests: ReadonlyArray<RequestRecord>
  /** number of requests whose path (without query) equals `path` */
  countFor(path: string): number
  /** Resolves once every response held back (latency, slow faults) has been sent, and so recorded. */
  settled(): Promise<void>
  readonly stats: Readonly<FakeDiscogsStats>
  /** replaces the plan and restarts its counters */
  setFaults(faults: FaultPlan): void
  /** replaces what the collection lists (a collector bought and sold records) */
  setCollection(collection: ReadonlyArray<CollectionEntry>): void
  /** called once per request, after its response was written (or the socket dropped); returns unsubscribe */
  onRequest(listener: (r: RequestRecord) => void): () => void
  close(): Promise<void>
}

interface Outcome {
  readonly status: number
  readonly body: Buffer
  readonly html?: boolean
  readonly fault?: FaultKind
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))
const message = (text: string): Buffer => json({ message: text })

const NOT_FOUND = message("The requested resource was not found.")
const RELEASE_NOT_FOUND = message("Release not found.") // = test/fixtures/discogs/errors/release-404.json
const USER_NOT_FOUND = message("User does not exist or may have been deleted.")
const TOO_FAST = message("You are making requests too quickly.")
const NO_AUTH = message("You must authenticate to access this resource.")
const BAD_TOKEN = message("Invalid consumer token. Please register an app before making API request.")
const INTERNAL_ERROR = message("An internal server error occurred.")
// 502/503 come from the proxy in front of the API, as HTML.
const gatewayError = (status: 502 | 503): Buffer => {
  const title = status === 502 ? "502 Bad Gateway" : "503 Service Temporarily Unavailable"
  return Buffer.from(`<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`)
}

const RELEASE_PATH = /^\/releases\/(\d+)$/
const FOLDER_PATH = /^\/users\/([^/]+)\/collection\/folders\/(\d+)\/releases$/
const AUTH_HEADER = /^Discogs\s+token=(\S+)\s*$/i
const BODY_CACHE_SIZE = 512

const positiveInt = (raw: string | null, fallback: number): number => {
  const n = raw === null ? NaN : Number.parseInt(raw, 10)
  return Number.isFinite(n) && n >= 1 ? n : fallback
}

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export const startFakeDiscogs = async (options: FakeDiscogsOptions): Promise<FakeDiscogs> => {
  const username = options.username ?? "demo"
  const token = options.token ?? "fake-token"
  const latencyMs = options.latencyMs ?? 0
  const limiter = new MovingWindow(options.rateLimit?.limit ?? 60, options.rateLimit?.windowMs ?? 60_000)
  let pages = new CollectionPages(options.collection, options.releases)
  const requests: Array<RequestRecord> = []
  const listeners = new Set<(r: RequestRecord) => void>()
  const timers = new Set<NodeJS.Timeout>()
  const whenSettled: Array<() => void> = []
  const stats: FakeDiscogsStats = { ok: 0, rateLimited: 0, unauthorized: 0, notFound: 0, serverErrors: 0, malformed: 0, dropped: 0, slow: 0 }
  let faults = new FaultState(options.faults)
  let origin = ""

  // Bounded: 50k synthetic releases must not all stay serialised in memory.
  const bodyCache = new Map<number, Buffer>()
  const releaseBody = (id: number): Buffer | undefined => {
    const cached = bodyCache.get(id)
    if (cached) return cached
    const release = options.releases.get(id)
    if (release === undefined) return undefined
    const body = json(release)
    if (bodyCache.size >= BODY_CACHE_SIZE) bodyCache.delete(bodyCache.keys().next().value as number)
    bodyCache.set(id, body)
    return body
  }

  const collection = (user: string, folderId: number, query: URLSearchParams): Outcome => {
    if (user.toLowerCase() !== username.toLowerCase()) return { status: 404, body: USER_NOT_FOUND }
    const entries = pages.folder(folderId)
    if (!entries) return { status: 404, body: NOT_FOUND }
    const sortParams = ["sort", "sort_order"].flatMap((k) => {
      const v = query.get(k)
      return v === null ? [] : [`&${k}=${encodeURIComponent(v)}`]
    })
    const wanted = positiveInt(query.get("page"), 1)
    const failure = faults.collectionPage(wanted)
    if (failure === 404) return { status: 404, body: NOT_FOUND }
    if (failure !== undefined) return { status: failure, body: failure === 500 ? INTERNAL_ERROR : gatewayError(failure), html: failure !== 500, fault: "serverError" }
    const page = pages.page(entries, {
      origin,
      path: `/users/${encodeURIComponent(username)}/collection/folders/${folderId}/releases`,
      page: wanted,
      perPage: Math.min(100, positiveInt(query.get("per_page"), 50)),
      extraQuery: sortParams.join(""),
      // Entries are listed in the order they were added; Discogs' default order is oldest first.
      newestFirst: query.get("sort_order") === "desc"
    })
    if (page._tag !== "Page") return { status: 404, body: message(`Page ${wanted} of ${page.pages} does not exist`) }
    const claimed = faults.claimedPages
    const listed = page.body as { readonly pagination: Record<string, unknown> }
    return { status: 200, body: json(claimed === undefined ? listed : { ...listed, pagination: { ...listed.pagination, pages: claimed } }) }
  }

  const route = (method: string, path: string, query: string): Outcome => {
    if (method !== "GET") return { status: 404, body: NOT_FOUND }
    const release = RELEASE_PATH.exec(path)
    if (release) {
      const body = releaseBody(Number(release[1]))
      return body ? { status: 200, body } : { status: 404, body: RELEASE_NOT_FOUND }
    }
    const folder = FOLDER_PATH.exec(path)
    if (folder) return collection(decode(folder[1] ?? ""), Number(folder[2]), new URLSearchParams(query))
    if (path === "/oauth/identity") {
      return {
        status: 200,
        body: json({ id: 1, username, resource_url: `${origin}/users/${encodeURIComponent(username)}`, consumer_name: "crate fake" })
      }
    }
    return { status: 404, body: NOT_FOUND }
  }

  const authenticate = (header: string | undefined): Buffer | undefined => {
    if (header === undefined) return NO_AUTH
    const match = AUTH_HEADER.exec(header)
    return match?.[1] === token ? undefined : match ? BAD_TOKEN : NO_AUTH
  }

  // The order mirrors where each failure happens in front of the real API: rate limiter, then
  // proxy/server errors, then authentication, then the handler; drops and malformed bodies
  // corrupt whatever response was produced (malformed only for authorized requests).
  const decide = (method: string, path: string, query: string, authError: Buffer | undefined): Outcome => {
    if (faults.burst()) return { status: 429, body: TOO_FAST, fault: "rateLimitBurst" }
    if (!limiter.tryAcquire().allowed) return { status: 429, body: TOO_FAST }
    const serverError = faults.serverError(path)
    if (serverError !== undefined) {
      const body = serverError === 500 ? INTERNAL_ERROR : gatewayError(serverError)
      return { status: serverError, body, html: serverError !== 500, fault: "serverError" }
    }
    const drop = faults.drop(path)
    let outcome = authError ? { status: 401, body: authError } : route(method, path, query)
    const malformed = authError ? undefined : faults.malformed(path)
    if (malformed) {
      const text = malformed.body ?? outcome.body.toString("utf8").slice(0, Math.floor(outcome.body.length / 2))
      outcome = { status: 200, body: Buffer.from(text), fault: "malformed" }
    }
    return drop ? { ...outcome, fault: "dropped" } : outcome
  }

  const count = (o: Outcome): void => {
    if (o.fault === "dropped") stats.dropped++
    else if (o.fault === "malformed") stats.malformed++
    else if (o.status === 429) stats.rateLimited++
    else if (o.status === 401) stats.unauthorized++
    else if (o.status === 404) stats.notFound++
    else if (o.status >= 500) stats.serverErrors++
    else if (o.status < 300) stats.ok++
  }

  const perMinute = (count: number) => Math.floor((count * 60_000) / limiter.windowMs)

  const send = (res: ServerResponse, o: Outcome, used: number, record: RequestRecord): void => {
    requests.push(record)
    count(o)
    const notify = () => {
      for (const listener of [...listeners]) listener(record)
    }
    if (res.destroyed) return notify()
    res.writeHead(o.status, {
      "Content-Type": o.html ? "text/html" : "application/json",
      "Content-Length": o.body.length,
      // Discogs' headers speak of a 60-second window; a faster window (benchmarks) is announced as its per-minute equivalent.
      "X-Discogs-Ratelimit": perMinute(limiter.limit),
      "X-Discogs-Ratelimit-Used": perMinute(used),
      "X-Discogs-Ratelimit-Remaining": perMinute(Math.max(0, limiter.limit - used))
    })
    if (o.fault !== "dropped") {
      res.end(o.body)
      return notify()
    }
    res.write(o.body.subarray(0, Math.floor(o.body.length / 2)), () => {
      res.destroy()
      notify()
    })
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const at = Date.now()
    const url = req.url ?? "/"
    const q = url.indexOf("?")
    const path = q < 0 ? url : url.slice(0, q)
    const query = q < 0 ? "" : url.slice(q + 1)
    const method = req.method ?? "GET"
    const authError = authenticate(req.headers.authorization)
    const outcome = decide(method, path, query, authError)
    const used = limiter.used()
    const delay = latencyMs + faults.delay()
    if (delay > latencyMs) stats.slow++
    const record: RequestRecord = {
      method,
      path,
      query,
      status: outcome.status,
      at,
      authorized: authError === undefined,
      ...(outcome.fault ? { fault: outcome.fault } : {}),
      ...(delay > latencyMs ? { slow: true as const } : {})
    }
    if (delay <= 0) return send(res, outcome, used, record)
    const timer = setTimeout(() => {
      timers.delete(timer)
      send(res, outcome, used, record)
      if (timers.size === 0) for (const resolve of whenSettled.splice(0)) resolve()
    }, delay)
    timers.add(timer)
  }

  const loopback = await listenOnLoopback(handle, options.port)
  origin = loopback.url

  return {
    url: origin,
    requests,
    countFor: (path) => requests.reduce((n, r) => (r.path === path ? n + 1 : n), 0),
    settled: () => timers.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => whenSettled.push(resolve)),
    stats,
    setFaults: (plan) => {
      faults = new FaultState(plan)
    },
    setCollection: (collection) => {
      pages = new CollectionPages(collection, options.releases)
    },
    onRequest: (listener) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    close: () => loopback.close(timers)
  }
}
