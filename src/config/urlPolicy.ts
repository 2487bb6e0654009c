import type { ResolvedConfig } from "./Config.ts"

const allowedHost = (hostname: string, allowed: ReadonlyArray<string>) =>
  allowed.some((host) => hostname === host || hostname.endsWith(`.${host}`))

/**
 * Checks a URL that came from a remote answer (a Discogs image, a video link) before crate
 * fetches it or hands it to yt-dlp: http(s) only, and only to allowed hosts, so that a
 * hostile answer cannot make crate read `file://` or an internal address. Returns the
 * reason it is refused, or null.
 */
export const refuseUrl = (config: Pick<ResolvedConfig, "network">, url: string): string | null => {
  if (!URL.canParse(url)) return `"${url}" is not a URL`
  const parsed = new URL(url)
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return `${parsed.protocol} URLs are not fetched (${url})`
  const host = parsed.hostname.replace(/^\[|\]$/g, "")
  if (!allowedHost(host, config.network.allowedHosts)) {
    return `${host} is not an allowed host; if you trust it, add it to network.allowedHosts in pipeline.config.ts`
  }
  return null
}

/** Whether a YouTube base URL is YouTube itself, not a host standing in for it (the tests' and the demo's loopback fakes). */
export const isYouTubeItself = (baseUrl: string): boolean => /(^|\.)(youtube\.com|youtu\.be)$/.test(new URL(baseUrl).hostname)
