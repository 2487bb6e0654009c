/**
 * A loopback fake of Discogs' image host (i.discogs.com) serving tiny real images, for tests,
 * benchmarks and `crate demo`. Plain node:http. Image `position` of any release is served at
 * `imagePath(releaseId, position)`; `pointImagesAt` rewrites release bodies to those URLs.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { listenOnLoopback } from "./loopback.ts"
import { IMAGE_PATH, fixtureFor, loadImageFixtures } from "./image-data.ts"
import { type ImageFault, type ImageFaultKind, type ImageFaultPlan, ImageFaultState } from "./image-faults.ts"

export { fixtureFor, imageBytes, imagePath, pointImagesAt } from "./image-data.ts"
export type { ImageFaultKind, ImageFaultPlan } from "./image-faults.ts"

export interface FakeImageServerOptions {
  /** added before every response; default 0 */
  readonly latencyMs?: number
  readonly faults?: ImageFaultPlan
  /** default 0 = a free port; always bound to 127.0.0.1 */
  readonly port?: number
}

export interface ImageRequestRecord {
  readonly path: string
  readonly status: number
  /** arrival time, ms since the epoch */
  readonly at: number
  /** the Authorization header as received, or null */
  readonly authorization: string | null
  /** the Host header as received: which name the client used for this server */
  readonly host: string | null
  readonly userAgent: string | null
  readonly fault?: ImageFaultKind
}

export interface FakeImageServer {
  /** "http://127.0.0.1:PORT", no trailing slash */
  readonly url: string
  /** every request received, in order */
  readonly requests: ReadonlyArray<ImageRequestRecord>
  countFor(path: string): number
  /** replaces the plan and restarts its counters */
  setFaults(faults: ImageFaultPlan): void
  setLatency(ms: number): void
  /** called once per request, after its response was written (or the socket closed); returns unsubscribe */
  onRequest(listener: (record: ImageRequestRecord) => void): () => void
  close(): Promise<void>
}

interface Outcome {
  readonly status: number
  readonly type: string
  readonly body: Buffer
  /** Send the full Content-Length but only this many bytes, then close the socket. */
  readonly cutAt?: number
  readonly location?: string
  /** Stream this many bytes, chunked (no Content-Length), starting with `body`. */
  readonly streamed?: number
  readonly fault?: ImageFault
}

const page = (title: string) =>
  Buffer.from(`<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`)

const mimeOf = (name: string) =>
  name.endsWith(".png") ? "image/png" : name.endsWith(".webp") ? "image/webp" : "image/jpeg"

export const startImageServer = async (options: FakeImageServerOptions = {}): Promise<FakeImageServer> => {
  const fixtures = loadImageFixtures()
  const requests: Array<ImageRequestRecord> = []
  const listeners = new Set<(record: ImageRequestRecord) => void>()
  const timers = new Set<NodeJS.Timeout>()
  let faults = new ImageFaultState(options.faults)
  let latencyMs = options.latencyMs ?? 0

  const route = (method: string, path: string): Outcome => {
    const match = method === "GET" ? IMAGE_PATH.exec(path) : null
    if (!match) return { status: 404, type: "text/html", body: page("404 Not Found") }
    const name = fixtureFor(Number(match[2]))
    const image = { status: 200, type: mimeOf(name), body: fixtures.get(name)! }
    const fault = faults.decide(path)
    switch (fault?.kind) {
      case undefined:
        return image
      case "notFound":
        return { status: 404, type: "text/html", body: page("404 Not Found"), fault }
      case "serverError":
        return { status: fault.status, type: "text/html", body: page(`${fault.status} Server Error`), fault }
      case "htmlPage":
        return { status: 200, type: "text/html", body: page("Something went wrong"), fault }
      case "truncated":
        return { ...image, cutAt: Math.floor(image.body.length / 2), fault }
      case "redirect":
        return { status: 302, type: "text/html", body: page("302 Found"), location: fault.to!, fault }
      case "huge":
        return { status: 200, type: "image/jpeg", body: fixtures.get(fixtureFor(0))!.subarray(0, 16), streamed: fault.bytes!, fault }
    }
  }

  const send = (res: ServerResponse, outcome: Outcome, record: ImageRequestRecord) => {
    requests.push(record)
    const notify = () => {
      for (const listener of [...listeners]) listener(record)
    }
    if (res.destroyed) return notify()
    if (outcome.streamed !== undefined) return stream(res, outcome.body, outcome.streamed, notify)
    res.writeHead(outcome.status, {
      "Content-Type": outcome.type,
      "Content-Length": outcome.body.length,
      ...(outcome.location === undefined ? {} : { Location: outcome.location })
    })
    if (outcome.cutAt === undefined) {
      res.end(outcome.body)
      return notify()
    }
    res.write(outcome.body.subarray(0, outcome.cutAt), () => {
      res.destroy()
      notify()
    })
  }

  // Made as it is sent, 64 kB at a time, so that the fake holds none of it; stops when the client goes.
  const stream = (res: ServerResponse, head: Buffer, total: number, done: () => void) => {
    res.writeHead(200, { "Content-Type": "image/jpeg" })
    const filler = Buffer.alloc(64 * 1024, 0x55)
    let sent = 0
    let finished = false
    const finish = () => {
      if (!finished) {
        finished = true
        done()
      }
    }
    res.once("close", finish)
    const more = () => {
      while (sent < total) {
        if (res.destroyed) return finish()
        const chunk = sent === 0 ? Buffer.concat([head, filler.subarray(head.length)]) : filler
        const part = chunk.subarray(0, Math.min(chunk.length, total - sent))
        sent += part.length
        if (!res.write(part)) return void res.once("drain", more)
      }
      res.end(finish)
    }
    more()
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const at = Date.now()
    const path = (req.url ?? "/").split("?")[0]!
    const outcome = route(req.method ?? "GET", path)
    const record: ImageRequestRecord = {
      path,
      status: outcome.status,
      at,
      authorization: req.headers.authorization ?? null,
      host: req.headers.host ?? null,
      userAgent: req.headers["user-agent"] ?? null,
      ...(outcome.fault ? { fault: outcome.fault.kind } : {})
    }
    if (latencyMs <= 0) return send(res, outcome, record)
    const timer = setTimeout(() => {
      timers.delete(timer)
      send(res, outcome, record)
    }, latencyMs)
    timers.add(timer)
  }

  const loopback = await listenOnLoopback(handle, options.port)

  return {
    url: loopback.url,
    requests,
    countFor: (path) => requests.reduce((n, r) => (r.path === path ? n + 1 : n), 0),
    setFaults: (plan) => {
      faults = new ImageFaultState(plan)
    },
    setLatency: (ms) => {
      latencyMs = ms
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
