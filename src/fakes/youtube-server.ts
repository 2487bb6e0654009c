/**
 * A loopback fake of www.youtube.com's InnerTube search, replaying the recorded YouTube Music
 * responses of test/fixtures/youtube-music, for tests, benchmarks and `crate demo`. youtubei.js
 * runs against it for real (crate's YouTube base URL points here).
 *
 * Replay policy: a search is answered from the recorded case whose track title and first
 * artist both occur in the query; a query no case fits gets a recording picked by a hash of
 * the query (what YouTube does for an obscure record: results about something else). Within a
 * case the response is chosen by intent (songs / videos / unfiltered / next page), since
 * youtubei.js's request bodies differ from the recorded ones. Plain YouTube searches get a
 * page derived from the case's music results (none was recorded).
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { listenOnLoopback } from "./loopback.ts"
import { normalize } from "../youtube/match/normalize.ts"
import { derivedWebSearch, loadRecordedSearches, type RecordedCase, recordedResponse, recordedToken, type SearchIntent } from "./youtube-recordings.ts"

export type { RecordedCase } from "./youtube-recordings.ts"
export { loadRecordedSearches } from "./youtube-recordings.ts"

export interface FakeYouTubeFaults {
  /** The next n searches get a "confirm you're not a bot" page (HTTP 200, HTML). */
  readonly botCheck?: number
  /** The next n searches get HTTP 429. */
  readonly rateLimited?: number
  /** The next n searches get HTTP 503. */
  readonly serverErrors?: number
}

export interface FakeYouTubeOptions {
  /** Default: every recording in test/fixtures/youtube-music. */
  readonly cases?: ReadonlyArray<RecordedCase>
  /** Which recording answers a query (default: see the replay policy above); undefined falls back to the hash. */
  readonly route?: (query: string) => RecordedCase | undefined
  readonly faults?: FakeYouTubeFaults
  /** Where `GET /watch?v=ID` redirects (a media file for yt-dlp); 404 when undefined. */
  readonly watch?: (videoId: string) => string | undefined
  readonly latencyMs?: number
  /** Default 0 = a free port; always bound to 127.0.0.1. */
  readonly port?: number
}

export interface YouTubeRequestRecord {
  readonly method: string
  readonly path: string
  readonly intent: SearchIntent | "watch" | "other"
  readonly query: string | null
  /** The recording that answered, null when none did. */
  readonly recording: string | null
  readonly status: number
  readonly fault?: keyof FakeYouTubeFaults
  /** Arrival time, ms since the epoch. */
  readonly at: number
}

export interface FakeYouTube {
  /** "http://127.0.0.1:PORT", no trailing slash. */
  readonly url: string
  /** Every request received, in order. */
  readonly requests: ReadonlyArray<YouTubeRequestRecord>
  /** Only the searches (InnerTube `search` requests). */
  readonly searches: () => ReadonlyArray<YouTubeRequestRecord>
  /** The most searches that were being answered at the same moment. */
  readonly peakSearchesInFlight: () => number
  /** Replaces the fault plan (counters start again). */
  setFaults(faults: FakeYouTubeFaults): void
  close(): Promise<void>
}

const botCheckPage = "<!DOCTYPE html><html><head><title>YouTube</title></head><body><div id=\"captcha-page\">" +
  "<p>Sign in to confirm you’re not a bot</p><p>This helps protect our community.</p></div></body></html>"
const tooManyRequests = "<html><head><title>429 Too Many Requests</title></head><body>Our systems have detected unusual traffic.</body></html>"

/** The recorded case whose track title and first artist occur, word for word, in the query. */
export const routeByTrack = (cases: ReadonlyArray<RecordedCase>) => (query: string): RecordedCase | undefined => {
  const asked = new Set(normalize(query).split(" "))
  let best: { readonly recording: RecordedCase; readonly words: number } | undefined
  for (const recording of cases) {
    const wanted = [...normalize(recording.track.title).split(" "), ...normalize(recording.track.artists[0] ?? "").split(" ")].filter(Boolean)
    if (wanted.length > 0 && wanted.every((word) => asked.has(word)) && (best === undefined || wanted.length > best.words)) {
      best = { recording, words: wanted.length }
    }
  }
  return best?.recording
}

const hash = (text: string) => [...text].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7)

interface SearchBody {
  readonly query?: string
  readonly params?: string
  readonly continuation?: string
  readonly context?: { readonly client?: { readonly clientName?: string } }
}

const intentOf = (body: SearchBody): SearchIntent => {
  if (body.continuation !== undefined) return "continuation"
  if (body.context?.client?.clientName !== "WEB_REMIX") return "web"
  if (body.params?.startsWith("EgWKAQII") === true) return "songs"
  if (body.params?.startsWith("EgWKAQIQ") === true) return "videos"
  return "all"
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let text = ""
    req.setEncoding("utf8")
    req.on("data", (chunk: string) => (text += chunk))
    req.on("end", () => resolve(text))
    req.on("error", reject)
  })

export const startFakeYouTube = async (options: FakeYouTubeOptions = {}): Promise<FakeYouTube> => {
  const cases = options.cases ?? loadRecordedSearches()
  if (cases.length === 0) throw new Error("fake YouTube: no recordings to serve")
  const route = options.route ?? routeByTrack(cases)
  const requests: Array<YouTubeRequestRecord> = []
  const timers = new Set<NodeJS.Timeout>()
  let searchesInFlight = 0
  let peakSearchesInFlight = 0
  let faults = { botCheck: 0, rateLimited: 0, serverErrors: 0, ...options.faults }
  // The query of a continuation is not in its body: its token remembers which case it came from.
  const continuations = new Map<string, RecordedCase>()

  const pickCase = (query: string) => route(query) ?? cases[hash(normalize(query)) % cases.length]!

  const search = (body: SearchBody): { status: number; type: string; text: string; recording: RecordedCase | null; fault?: keyof FakeYouTubeFaults } => {
    if (faults.botCheck > 0) {
      faults = { ...faults, botCheck: faults.botCheck - 1 }
      return { status: 200, type: "text/html; charset=utf-8", text: botCheckPage, recording: null, fault: "botCheck" }
    }
    if (faults.rateLimited > 0) {
      faults = { ...faults, rateLimited: faults.rateLimited - 1 }
      return { status: 429, type: "text/html; charset=utf-8", text: tooManyRequests, recording: null, fault: "rateLimited" }
    }
    if (faults.serverErrors > 0) {
      faults = { ...faults, serverErrors: faults.serverErrors - 1 }
      return { status: 503, type: "text/html; charset=utf-8", text: "<html><body>503 Service Unavailable</body></html>", recording: null, fault: "serverErrors" }
    }
    const intent = intentOf(body)
    const recording = intent === "continuation" ? continuations.get(body.continuation ?? "") : pickCase(body.query ?? "")
    if (recording === undefined) return { status: 404, type: "application/json", text: JSON.stringify({ error: { code: 404, message: "unknown continuation" } }), recording: null }
    const text = intent === "web" ? derivedWebSearch(recording) : recordedResponse(recording, intent, body.continuation)
    if (text === undefined) return { status: 404, type: "application/json", text: JSON.stringify({ error: { code: 404, message: "not recorded" } }), recording }
    for (const search of recording.searches) {
      const token = recordedToken(search)
      if (token !== null) continuations.set(token, recording)
    }
    return { status: 200, type: "application/json; charset=UTF-8", text, recording }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const at = Date.now()
    const url = new URL(req.url ?? "/", "http://fake")
    const method = req.method ?? "GET"
    const text = await readBody(req)
    let record: YouTubeRequestRecord
    let send: () => void
    const isSearch = method === "POST" && url.pathname.endsWith("/youtubei/v1/search")
    if (isSearch) {
      peakSearchesInFlight = Math.max(peakSearchesInFlight, ++searchesInFlight)
      let body: SearchBody = {}
      try {
        body = JSON.parse(text) as SearchBody
      } catch {
        // An unreadable body is answered like any unknown query.
      }
      const answer = search(body)
      record = {
        method, path: url.pathname, intent: intentOf(body), query: body.query ?? null,
        recording: answer.recording?.name ?? null, status: answer.status, at, ...(answer.fault ? { fault: answer.fault } : {})
      }
      send = () => {
        res.writeHead(answer.status, { "Content-Type": answer.type })
        res.end(answer.text)
      }
    } else if (method === "GET" && url.pathname === "/watch") {
      const target = options.watch?.(url.searchParams.get("v") ?? "")
      record = { method, path: url.pathname, intent: "watch", query: url.searchParams.get("v"), recording: null, status: target ? 302 : 404, at }
      send = () => {
        res.writeHead(target ? 302 : 404, target ? { Location: target } : { "Content-Type": "text/plain" })
        res.end(target ? undefined : "This video isn't available anymore")
      }
    } else {
      record = { method, path: url.pathname, intent: "other", query: null, recording: null, status: 404, at }
      send = () => {
        res.writeHead(404, { "Content-Type": "text/plain" })
        res.end("not found")
      }
    }
    const respond = () => {
      if (isSearch) searchesInFlight--
      requests.push(record)
      if (!res.destroyed) send()
    }
    if ((options.latencyMs ?? 0) <= 0) return respond()
    const timer = setTimeout(() => {
      timers.delete(timer)
      respond()
    }, options.latencyMs)
    timers.add(timer)
  }

  const loopback = await listenOnLoopback((req, res) => {
    handle(req, res).catch(() => res.destroy())
  }, options.port)
  const origin = loopback.url
  return {
    url: origin,
    requests,
    searches: () => requests.filter((r) => r.intent !== "watch" && r.intent !== "other"),
    peakSearchesInFlight: () => peakSearchesInFlight,
    setFaults: (plan) => {
      faults = { botCheck: 0, rateLimited: 0, serverErrors: 0, ...plan }
    },
    close: () => loopback.close(timers)
  }
}
