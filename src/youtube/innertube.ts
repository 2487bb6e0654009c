import { Innertube } from "youtubei.js"
import { BlockedAnswer } from "./BlockedAnswer.ts"

const botCheckText = /confirm (that )?you(’|'|)re not a bot|unusual traffic|\/sorry\//i

/** The same path and query on `base`: every request goes to the configured YouTube, a loopback fake in tests. */
export const onBase = (url: string, base: URL): URL => {
  const target = new URL(url)
  const rewritten = new URL(base.href)
  rewritten.pathname = `${base.pathname.replace(/\/+$/, "")}${target.pathname}`
  rewritten.search = target.search
  return rewritten
}

const requestUrl = (input: string | URL | Request): string =>
  typeof input === "string" ? input : input instanceof URL ? input.href : input.url

/**
 * youtubei.js's fetch: rewrites the host to `baseUrl`, and turns a 429 or a bot-check page
 * into a `BlockedAnswer` so that it is never mistaken for an empty or broken result.
 */
export const hermeticFetch = (baseUrl: string): typeof fetch => {
  const base = new URL(baseUrl)
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined
    const body = init?.body ?? (request && request.method !== "GET" && request.method !== "HEAD" ? await request.text() : undefined)
    const response = await fetch(onBase(requestUrl(input), base), {
      method: init?.method ?? request?.method ?? "GET",
      headers: init?.headers ?? request?.headers ?? {},
      ...(body === undefined || body === null ? {} : { body })
    })
    if (response.status === 429) throw new BlockedAnswer("RateLimited", "YouTube answered 429 Too Many Requests")
    if (!(response.headers.get("content-type") ?? "").includes("json")) {
      const text = await response.text()
      if (botCheckText.test(text)) throw new BlockedAnswer("BotCheck", "YouTube asked to confirm we're not a bot")
      return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers })
    }
    return response
  }
}

/**
 * A youtubei.js client that asks nothing before the first search: the session is made up
 * locally and neither the player nor YouTube's config is fetched, so tests and the demo run
 * it for real against a loopback fake.
 */
export const createInnertube = (baseUrl: string): Promise<Innertube> =>
  Innertube.create({
    fetch: hermeticFetch(baseUrl),
    generate_session_locally: true,
    retrieve_player: false,
    retrieve_innertube_config: false,
    enable_session_cache: false
  })
