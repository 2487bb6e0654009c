import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import type { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Clock, Context, Effect, Option } from "effect"
import { readFile, stat } from "node:fs/promises"
import { join } from "node:path"
import type { ResolvedConfig } from "../config/Config.ts"
import { packageRoot } from "../packageRoot.ts"
import { releaseDetails } from "../query/release.ts"
import type { Status } from "../query/status.ts"
import type { CollectionEntry } from "../query/collection.ts"
import { type Decision, nextInQueue, reviewCounts, reviewTrack } from "../query/review.ts"
import { parseVideo } from "../youtube/override.ts"
import { candidatesOf } from "../youtube/store.ts"
import { browseCollection, facetsOf, parseBrowse } from "./browse.ts"
import { byteRange, contentType, libraryFile } from "./files.ts"
import { type Guard, tokenAccepted } from "./guard.ts"
import { type Html, html } from "./html.ts"
import { collectionPage } from "./pages/collection.ts"
import { page, type PageContext } from "./pages/layout.ts"
import { progressPage } from "./pages/progress.ts"
import { releasePage } from "./pages/release.ts"
import { reviewDonePage, reviewPage, reviewTrackBody, type ReviewView } from "./pages/review.ts"

/** What the pages need from the server around them: the database to read, the one to write, and who may write. */
export class Site extends Context.Tag("crate/serve/Site")<Site, {
  readonly config: ResolvedConfig
  readonly guard: Guard
  readonly page: PageContext
  /** Runs a read on the read-only connection. */
  readonly read: <A, E>(effect: Effect.Effect<A, E, SqlClient.SqlClient>) => Effect.Effect<A, E>
  /** The collection's releases, read again only when the database changed. */
  readonly collection: Effect.Effect<ReadonlyArray<CollectionEntry>, SqlError>
  /** `crate status`'s figures, read again only when the database changed. */
  readonly status: Effect.Effect<Status, SqlError>
  /** Records a decision by hand; fails with a message for the person when it cannot. */
  readonly decide: (trackId: number, decision: Decision) => Effect.Effect<void, { readonly message: string }>
}>() {}

const securityHeaders = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; media-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  // Not "no-referrer": with it, browsers send `Origin: null` with form posts, and the origin check could not tell ours.
  "referrer-policy": "same-origin",
  "cache-control": "no-store"
}

export const htmlResponse = (body: Html, status = 200, headers: Record<string, string> = {}) =>
  HttpServerResponse.text(body.text, { status, contentType: "text/html; charset=utf-8", headers: { ...securityHeaders, ...headers } })

const messagePage = (context: PageContext, status: number, title: string, message: string) =>
  htmlResponse(page(context, "collection", title, html`<h1>${title}</h1><p class="notice error">${message}</p>`), status)

const notFound = (context: PageContext, what: string) => messagePage(context, 404, "Not found", what)

const urlOf = (request: HttpServerRequest.HttpServerRequest) => new URL(request.url, "http://crate.invalid")

const intParam = (name: string) =>
  Effect.map(HttpRouter.params, (params) => {
    const n = Number(params[name])
    return Number.isSafeInteger(n) && n > 0 ? Option.some(n) : Option.none<number>()
  })

/** The review's threshold: matches below it are asked again; 80 (the matcher's "confident") unless the page says otherwise. */
const reviewBelow = (text: string | null | undefined) => {
  const n = Number(text ?? "")
  return text !== null && text !== undefined && text.trim() !== "" && Number.isFinite(n) ? Math.min(101, Math.max(0, n)) : 80
}

const collection = Effect.gen(function*() {
  const site = yield* Site
  const request = yield* HttpServerRequest.HttpServerRequest
  const entries = yield* site.collection
  const browse = parseBrowse(urlOf(request).searchParams)
  return yield* htmlResponse(collectionPage(site.page, browse, browseCollection(entries, browse), facetsOf(entries), entries.length))
})

const release = Effect.gen(function*() {
  const site = yield* Site
  const id = yield* intParam("id")
  const details = Option.isNone(id) ? Option.none() : yield* site.read(releaseDetails(id.value))
  if (Option.isNone(details)) return yield* notFound(site.page, "This release is not in your collection's database.")
  const candidates = yield* site.read(candidatesOf(details.value.release_id))
  return yield* htmlResponse(releasePage(site.page, details.value, candidates))
})

const progress = Effect.gen(function*() {
  const site = yield* Site
  const status = yield* site.status
  return yield* htmlResponse(progressPage(site.page, status, yield* Clock.currentTimeMillis))
})

const reviewView = (site: Context.Tag.Service<Site>, below: number) =>
  Effect.map(site.read(reviewCounts(below)), (counts): ReviewView => ({ below, counts, youtubeUrl: site.config.youtube.baseUrl }))

const reviewStart = Effect.gen(function*() {
  const site = yield* Site
  const below = reviewBelow(urlOf(yield* HttpServerRequest.HttpServerRequest).searchParams.get("below"))
  const first = yield* site.read(nextInQueue(below, null))
  if (first === null) return yield* htmlResponse(reviewDonePage(site.page, yield* reviewView(site, below)))
  return HttpServerResponse.redirect(`/review/track/${first}?below=${below}`, { status: 302 })
})

const reviewOne = (notice: string, status = 200) =>
  Effect.gen(function*() {
    const site = yield* Site
    const url = urlOf(yield* HttpServerRequest.HttpServerRequest)
    const below = reviewBelow(url.searchParams.get("below"))
    const id = yield* intParam("id")
    const track = Option.isNone(id) ? null : yield* site.read(reviewTrack(id.value))
    if (track === null) return yield* notFound(site.page, "crate has no track of that number.")
    const next = yield* site.read(nextInQueue(below, track.trackId))
    const nextHref = next === null || next === track.trackId ? null : `/review/track/${next}?below=${below}`
    const said = notice !== "" ? notice : url.searchParams.has("saved") ? "Saved. No run replaces it; the next audio run downloads it." : ""
    const view = yield* reviewView(site, below)
    return yield* htmlResponse(reviewPage(site.page, `Review ${track.title}`, reviewTrackBody(site.page, track, view, nextHref, said)), status)
  })

type Form = ReadonlyArray<readonly [string, string]>

const field = (form: Form, name: string) => form.find(([key]) => key === name)?.[1]

const decisionOf = (form: Form): Effect.Effect<Decision, { readonly message: string }> => {
  const action = field(form, "action")
  if (action === "none") return Effect.succeed<Decision>({ videoId: null })
  if (action === "pick") return Effect.map(parseVideo(field(form, "video") ?? ""), (videoId): Decision => ({ videoId }))
  return Effect.fail({ message: `unknown review action "${action ?? ""}"` })
}

const reviewDecide = Effect.gen(function*() {
  const site = yield* Site
  const request = yield* HttpServerRequest.HttpServerRequest
  if (site.page.readOnly) return yield* messagePage(site.page, 403, "Read-only", "This server was started with --read-only: it changes nothing.")
  const form = yield* Effect.orElseSucceed(request.urlParamsBody, (): Form => [])
  if (!tokenAccepted(site.guard, field(form, "token"))) {
    return yield* messagePage(site.page, 403, "Refused", "This change did not come from a page of this server (its token is missing or old): reload the page and try again.")
  }
  const id = yield* intParam("id")
  if (Option.isNone(id)) return yield* notFound(site.page, "crate has no track of that number.")
  const below = reviewBelow(field(form, "below"))
  const saved = yield* decisionOf(form).pipe(Effect.flatMap((decision) => site.decide(id.value, decision)), Effect.either)
  if (saved._tag === "Left") return yield* reviewOne(`Not saved: ${saved.left.message}`, 409)
  const next = yield* site.read(nextInQueue(below, id.value))
  return HttpServerResponse.redirect(next === null ? `/review?below=${below}` : `/review/track/${next}?below=${below}&saved=1`, { status: 303 })
})

const libraryFileResponse = Effect.gen(function*() {
  const site = yield* Site
  const request = yield* HttpServerRequest.HttpServerRequest
  const wanted = Option.liftThrowable(decodeURIComponent)(urlOf(request).pathname.slice("/files/".length))
  const real = Option.isNone(wanted) ? null : yield* Effect.promise(() => libraryFile(site.config.library, wanted.value))
  if (real === null) return yield* notFound(site.page, "No such file in the library.")
  const size = (yield* Effect.promise(() => stat(real))).size
  const headers = { "accept-ranges": "bytes", "content-type": contentType(real), "cache-control": "no-cache", "x-content-type-options": "nosniff" }
  const range = byteRange(request.headers["range"], size)
  if (range === "unsatisfiable") return HttpServerResponse.empty({ status: 416, headers: { "content-range": `bytes */${size}` } })
  if (range === null) return yield* HttpServerResponse.file(real, { headers })
  return yield* HttpServerResponse.file(real, {
    status: 206,
    offset: range.start,
    bytesToRead: range.end - range.start + 1,
    headers: { ...headers, "content-range": `bytes ${range.start}-${range.end}/${size}` }
  })
})

const assetsFolder = join(packageRoot, "src", "serve", "assets")

const asset = (name: string, type: string) => {
  let text: Promise<string> | undefined
  return Effect.map(Effect.promise(() => (text ??= readFile(join(assetsFolder, name), "utf8"))), (body) =>
    HttpServerResponse.text(body, { contentType: type, headers: { "cache-control": "max-age=86400", "x-content-type-options": "nosniff" } }))
}

export const router = HttpRouter.empty.pipe(
  HttpRouter.get("/", collection),
  HttpRouter.get("/release/:id", release),
  HttpRouter.get("/progress", progress),
  HttpRouter.get("/review", reviewStart),
  HttpRouter.get("/review/track/:id", reviewOne("")),
  HttpRouter.post("/review/track/:id", reviewDecide),
  HttpRouter.get("/files/*", libraryFileResponse),
  HttpRouter.get("/assets/crate.css", asset("crate.css", "text/css; charset=utf-8")),
  HttpRouter.get("/assets/crate.js", asset("crate.js", "text/javascript; charset=utf-8"))
)
