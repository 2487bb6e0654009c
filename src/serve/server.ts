import { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { SqlClient } from "@effect/sql"
import { Cause, Console, Effect, Layer, type Redacted } from "effect"
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { createServer } from "node:http"
import { CrateConfig, type ResolvedConfig } from "../config/Config.ts"
import { version } from "../discogs/userAgent.ts"
import * as Database from "../library/Database.ts"
import * as ReadDatabase from "../query/readDatabase.ts"
import { lookOnPath } from "../tools/findTool.ts"
import { editMatches, parseVideo, setOverride } from "../youtube/override.ts"
import { watchUrl } from "../youtube/step.ts"
import { readStatus } from "../query/status.ts"
import { readCollection } from "../query/collection.ts"
import { type Guard, hostsFor, refusal } from "./guard.ts"
import { html } from "./html.ts"
import { page } from "./pages/layout.ts"
import { type Decision, reviewTrack } from "../query/review.ts"
import { htmlResponse, router, Site } from "./routes.ts"

export interface ServeOptions {
  readonly config: ResolvedConfig
  readonly host: string
  /** 0: any free port. */
  readonly port: number
  readonly password: Redacted.Redacted<string> | null
  readonly readOnly: boolean
  readonly open: boolean
}

/**
 * The database as the pages read it: the read-only connection; the collection and the status
 * are read again only when the database changed (SQLite's data_version moves when another
 * connection commits: a run, or a decision taken here), and the status while a run holds it.
 */
const reader = <E>(context: Layer.Layer<SqlClient.SqlClient, E>, config: ResolvedConfig) =>
  Effect.gen(function*() {
    const built = yield* Layer.build(context)
    const read = <A, E>(effect: Effect.Effect<A, E, SqlClient.SqlClient>) => Effect.provide(effect, built)
    const dataVersion = Effect.map(
      Effect.flatMap(SqlClient.SqlClient, (sql) => sql<{ data_version: number }>`PRAGMA data_version`),
      ([row]) => row?.data_version ?? -1
    )
    const whenChanged = <A, E>(effect: Effect.Effect<A, E, SqlClient.SqlClient>, keep: (value: A) => boolean = () => true) => {
      let cached: { readonly version: number; readonly value: A } | undefined
      return read(Effect.gen(function*() {
        const version = yield* dataVersion
        if (cached !== undefined && cached.version === version && keep(cached.value)) return cached.value
        const value = yield* effect
        cached = { version, value }
        return value
      }))
    }
    return {
      read,
      collection: whenChanged(readCollection),
      // A run that died holds no lock, yet changed nothing: its status is read again until it shows so.
      status: whenChanged(readStatus(config.steps), (status) => status.running === null)
    }
  })

/** A decision taken on the review page, written as `crate match set|none` writes it: its own connection, under the run lock. */
const decider = (config: ResolvedConfig) => (trackId: number, decision: Decision) =>
  Effect.gen(function*() {
    const track = yield* reviewTrack(trackId)
    if (track === null) return yield* Effect.fail({ message: `crate has no track ${trackId}` })
    const videoId = decision.videoId === null ? null : yield* parseVideo(decision.videoId)
    const link = videoId === null ? null : watchUrl(config.youtube.baseUrl, videoId)
    yield* editMatches("crate serve (review page)", track.releaseId, (at) =>
      setOverride(track.releaseId, { trackId, position: track.position, title: track.title }, videoId, link, at))
  }).pipe(
    Effect.provide(Layer.mergeAll(Database.layer(config.database), Layer.succeed(CrateConfig, config))),
    Effect.mapError((error: { readonly _tag?: string; readonly message: string }) => ({
      message: error._tag === "SqlError" ? "the database is busy; try again in a moment" : error.message
    }))
  )

const openBrowser = (url: string) =>
  Effect.sync(() => {
    const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : lookOnPath("xdg-open", process.env.PATH)
    if (opener === undefined) return false
    spawn(opener, [url], { detached: true, stdio: "ignore" }).on("error", () => {}).unref()
    return true
  })

const addressText = (host: string, port: number) => {
  const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host
  return `http://${shown}:${port}/`
}

/** Serves the collection's pages until interrupted. */
export const serve = (options: ServeOptions) =>
  Effect.scoped(Effect.gen(function*() {
    const { config } = options
    const { collection, read, status } = yield* reader(ReadDatabase.layer(config.database), config)
    const server = yield* NodeHttpServer.make(() => createServer(), { host: options.host, port: options.port })
    const port = server.address._tag === "TcpAddress" ? server.address.port : options.port
    const guard: Guard = { hosts: hostsFor(options.host, port), token: randomBytes(24).toString("base64url"), password: options.password }
    const pageContext = { token: guard.token, readOnly: options.readOnly, assetVersion: version }
    const site = Site.of({ config, guard, page: pageContext, read, collection, status, decide: decider(config) })

    const app = Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const refused = refusal(guard, { method: request.method, headers: request.headers })
      if (refused !== null) {
        return HttpServerResponse.text(`${refused.message}\n`, { status: refused.status, headers: { ...refused.headers, "cache-control": "no-store" } })
      }
      return yield* router
    }).pipe(
      Effect.catchTag("RouteNotFound", () => htmlResponse(page(pageContext, "collection", "Not found", html`<h1>Not found</h1><p>crate has no page here. <a href="/">Back to the collection</a></p>`), 404)),
      Effect.catchAllCause((cause) =>
        Effect.as(
          Console.error(`crate serve: a page failed (please report it):\n${Cause.pretty(cause)}`),
          htmlResponse(page(pageContext, "collection", "Error", html`<h1>Something went wrong</h1><p>crate could not build this page; the terminal running <code>crate serve</code> says why.</p>`), 500)
        )
      ),
      Effect.provideService(Site, site)
    )
    yield* server.serve(app).pipe(Effect.provide(NodeHttpServer.layerContext))

    const url = addressText(options.host, port)
    yield* Console.log(`crate serve: ${url}${options.readOnly ? " (read-only)" : ""} · ${config.database} · Ctrl-C stops it`)
    if (options.open && !(yield* openBrowser(url))) yield* Console.log("crate serve: no browser opener found here; open the address above yourself")
    return yield* Effect.never
  }))
