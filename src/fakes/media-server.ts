/**
 * A loopback media host for yt-dlp, for tests, the benchmark and `crate demo`: plain
 * node:http serving an audio file per video id, with the faults a download meets (a 404,
 * a connection cut halfway, YouTube's bot check) and an optional bandwidth limit.
 *
 * yt-dlp reads these URLs with its generic extractor, which sends two GETs per download: one
 * to look at the response, then the transfer (plus one with a Range header per resumption).
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { listenOnLoopback } from "./loopback.ts"

/** YouTube's words (with a plain apostrophe: an HTTP reason phrase is Latin-1). */
export const botCheckText = "Sign in to confirm you're not a bot. This helps protect our community"

export interface MediaFaults {
  /** Ids answered 404 Not Found. */
  readonly notFound?: ReadonlyArray<string>
  /** The first `times` GETs of the id are cut after half their body. */
  readonly dropHalfway?: ReadonlyArray<{ readonly id: string; readonly times: number }>
  /** The next `times` requests, whatever the id, get 429 with the bot-check sentence as reason phrase (yt-dlp prints it in its ERROR line). */
  readonly botCheck?: { readonly times: number }
  /** Ids answered 302 to `to` (another host, say). */
  readonly redirect?: ReadonlyArray<{ readonly id: string; readonly to: string }>
}

export interface MediaServerOptions {
  /** The audio for every id, or per id (an id without audio is a 404). */
  readonly media: Uint8Array | ReadonlyMap<string, Uint8Array> | ((id: string) => Promise<Uint8Array | undefined>)
  /** Default "audio/webm". */
  readonly contentType?: string
  /** Each response is sent at this many bytes a second (a throttled host); default: as fast as it goes. */
  readonly bytesPerSecond?: number
  readonly faults?: MediaFaults
}

export type MediaFault = "notFound" | "dropped" | "botCheck" | "redirect"

export interface MediaRequest {
  readonly method: string
  readonly path: string
  /** The video id the path names, if it names one. */
  readonly id: string | undefined
  readonly range: string | null
  readonly status: number
  readonly fault?: MediaFault
  /** Arrival, ms since the epoch. */
  readonly at: number
}

export interface MediaServer {
  /** "http://127.0.0.1:PORT" */
  readonly url: string
  /** Where the video `id` is served: `${url}/media/${id}.webm` (`${url}/watch?v=${id}` serves the same). */
  urlFor(id: string): string
  /** Every request, in order of arrival. */
  readonly requests: ReadonlyArray<MediaRequest>
  /** Requests for `id` (any method, any range). */
  requestsFor(id: string): ReadonlyArray<MediaRequest>
  /** Replaces the faults and restarts their counters. */
  setFaults(faults: MediaFaults): void
  /** Called as each request arrives, before it is answered; returns unsubscribe. */
  onRequest(listener: (request: MediaRequest) => void): () => void
  close(): Promise<void>
}

const MEDIA_PATH = /^\/media\/([A-Za-z0-9_-]{1,64})\.webm$/
const ID = /^[A-Za-z0-9_-]{1,64}$/

const idOf = (path: string, query: URLSearchParams): string | undefined => {
  const media = MEDIA_PATH.exec(path)?.[1]
  if (media !== undefined) return media
  const v = query.get("v")
  return path === "/watch" && v !== null && ID.test(v) ? v : undefined
}

/** [start, end] (inclusive) from "bytes=N-" or "bytes=N-M", or undefined when absent or not satisfiable. */
const parseRange = (header: string | undefined, size: number): readonly [number, number] | undefined => {
  const match = /^bytes=(\d+)-(\d*)$/.exec(header ?? "")
  if (!match) return undefined
  const start = Number(match[1])
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1)
  return start <= end ? [start, end] : undefined
}

class FaultCounters {
  readonly drops: Map<string, number>
  botChecks: number
  constructor(readonly plan: MediaFaults) {
    this.drops = new Map((plan.dropHalfway ?? []).map((drop) => [drop.id, drop.times]))
    this.botChecks = plan.botCheck?.times ?? 0
  }
  takeBotCheck() {
    if (this.botChecks <= 0) return false
    this.botChecks--
    return true
  }
  takeDrop(id: string) {
    const left = this.drops.get(id) ?? 0
    if (left <= 0) return false
    this.drops.set(id, left - 1)
    return true
  }
}

export const startMediaServer = async (options: MediaServerOptions): Promise<MediaServer> => {
  const contentType = options.contentType ?? "audio/webm"
  const requests: Array<MediaRequest> = []
  const listeners = new Set<(request: MediaRequest) => void>()
  let faults = new FaultCounters(options.faults ?? {})
  const media = options.media
  const bodyFor = async (id: string) =>
    media instanceof Uint8Array ? media : typeof media === "function" ? await media(id).catch(() => undefined) : media.get(id)

  const send = (res: ServerResponse, body: Uint8Array, cutAt: number | undefined) => {
    const end = cutAt ?? body.length
    const rate = options.bytesPerSecond
    if (rate === undefined && cutAt === undefined) return void res.end(body)
    // Paced in 50 ms ticks; a cut closes the socket once its bytes are out.
    const chunk = rate === undefined ? end : Math.max(1, Math.floor(rate / 20))
    let offset = 0
    const tick = () => {
      if (res.destroyed) return
      const next = Math.min(end, offset + chunk)
      const last = next >= end
      res.write(body.subarray(offset, next), () => {
        if (last) cutAt === undefined ? res.end() : res.destroy()
      })
      offset = next
      if (!last) setTimeout(tick, rate === undefined ? 0 : 50)
    }
    tick()
  }

  const answer = (req: IncomingMessage, res: ServerResponse, id: string, body: Uint8Array, record: (status: number, fault?: MediaFault) => void) => {
    const range = parseRange(req.headers.range, body.length)
    const part = range === undefined ? body : body.subarray(range[0], range[1] + 1)
    const drop = req.method === "GET" && faults.takeDrop(id)
    const status = range === undefined ? 200 : 206
    record(status, drop ? "dropped" : undefined)
    res.writeHead(status, {
      "Content-Type": contentType,
      "Content-Length": part.length,
      "Accept-Ranges": "bytes",
      ...(range === undefined ? {} : { "Content-Range": `bytes ${range[0]}-${range[1]}/${body.length}` })
    })
    if (req.method === "HEAD") return void res.end()
    send(res, part, drop ? Math.floor(part.length / 2) : undefined)
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://loopback")
    const method = req.method ?? "GET"
    const id = idOf(url.pathname, url.searchParams)
    const base = { method, path: url.pathname + url.search, id, range: req.headers.range ?? null, at: Date.now() }
    const record = (status: number, fault?: MediaFault) => {
      const request: MediaRequest = fault === undefined ? { ...base, status } : { ...base, status, fault }
      requests.push(request)
      for (const listener of [...listeners]) listener(request)
    }
    const notFound = (fault?: MediaFault) => {
      record(404, fault)
      res.writeHead(404, { "Content-Type": "text/plain" })
      res.end("Not Found\n")
    }

    if (faults.takeBotCheck()) {
      record(429, "botCheck")
      res.writeHead(429, botCheckText, { "Content-Type": "text/plain" })
      return void res.end(`${botCheckText}\n`)
    }
    if (id === undefined || (method !== "GET" && method !== "HEAD")) return notFound()
    if (faults.plan.notFound?.includes(id)) return notFound("notFound")
    const redirect = faults.plan.redirect?.find((entry) => entry.id === id)
    if (redirect !== undefined) {
      record(302, "redirect")
      res.writeHead(302, { Location: redirect.to, "Content-Type": "text/plain" })
      return void res.end("Found\n")
    }
    void bodyFor(id).then((body) => (body === undefined ? notFound() : answer(req, res, id, body, record)))
  }

  const loopback = await listenOnLoopback(handle)
  const url = loopback.url
  return {
    url,
    urlFor: (id) => `${url}/media/${id}.webm`,
    requests,
    requestsFor: (id) => requests.filter((request) => request.id === id),
    setFaults: (plan) => {
      faults = new FaultCounters(plan)
    },
    onRequest: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: () => loopback.close()
  }
}
