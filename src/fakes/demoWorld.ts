import { Redacted } from "effect"
import type { ResolvedConfig } from "../config/Config.ts"
import { startDemoMedia } from "./demo-media.ts"
import { demoCollection, loadRecordedReleases, startFakeDiscogs } from "./discogs-server.ts"
import { pointImagesAt, startImageServer } from "./image-server.ts"
import { startFakeYouTube } from "./youtube-server.ts"

/** The fakes' addresses a demo database keeps in its rows: images' URLs, the matched videos' watch links. */
export interface DemoOrigins {
  readonly images: string
  readonly youtube: string
}

export interface DemoWorld {
  /** What the demo tells the user it serves. */
  readonly description: string
  readonly origins: DemoOrigins
  /** The configuration pointed at the fakes. */
  readonly configure: (base: ResolvedConfig) => ResolvedConfig
  readonly close: () => Promise<void>
}

const demoToken = "demo-token"

/**
 * Videos of the recorded releases the demo leaves out: a user's upload listed on Rick Astley's
 * release carries a slur in its title, and the demo shows candidate titles (`crate match show`,
 * `crate serve`'s review). The tests keep the recording as Discogs sent it.
 */
export const hiddenDemoVideos: ReadonlySet<string> = new Set(["JfXR06x7_8k"])

const withoutHiddenVideos = (releases: Map<number, unknown>): Map<number, unknown> =>
  new Map([...releases].map(([id, body]) => {
    const release = body as { videos?: ReadonlyArray<{ readonly uri: string }> }
    if (release.videos === undefined) return [id, body]
    return [id, { ...release, videos: release.videos.filter((video) => ![...hiddenDemoVideos].some((hidden) => video.uri.includes(hidden))) }]
  }))

/** A fake on the port an earlier demo used (its database's URLs stay right), else on a free one. */
const onPortOf = async <A>(origin: string | undefined, start: (port: number) => Promise<A>): Promise<A> => {
  const port = origin === undefined ? 0 : Number(new URL(origin).port)
  try {
    return await start(port)
  } catch (error) {
    if (port !== 0 && (error as { code?: unknown }).code === "EADDRINUSE") return start(0)
    throw error
  }
}

/**
 * Everything `crate demo` talks to, on loopback, serving bundled recordings: Discogs
 * (API and images), YouTube search, and the media host yt-dlp downloads from.
 */
export const startDemoWorld = async (previous: Partial<DemoOrigins> = {}): Promise<DemoWorld> => {
  const images = await onPortOf(previous.images, (port) => startImageServer({ port }))
  // The recorded releases' images live on i.discogs.com: served from loopback instead.
  const releases = withoutHiddenVideos(pointImagesAt(loadRecordedReleases(), images.url))
  const collection = demoCollection(releases)
  const discogs = await startFakeDiscogs({ releases, collection, username: "demo", token: demoToken, rateLimit: { limit: 600, windowMs: 60_000 } })
  // Replays 22 recorded YouTube Music searches; none is about the demo's records, so searches
  // get unrelated recordings and the demo shows the matcher saying "no match" rather than guessing.
  // YouTube's watch links lead yt-dlp to a loopback media host serving tones.
  const media = await startDemoMedia()
  const youtube = await onPortOf(previous.youtube, (port) => startFakeYouTube({ watch: (videoId) => media.server.urlFor(videoId), port }))
  return {
    origins: { images: images.url, youtube: youtube.url },
    description: `a fake Discogs on ${discogs.url} serving a recorded collection of ${releases.size} releases (${collection.length} copies: one is owned twice), their images on ${images.url}; a fake YouTube on ${youtube.url} replaying recorded searches; ${media.description}`,
    configure: (base) => media.configure({
      ...base,
      discogs: { ...base.discogs, username: "demo", token: Redacted.make(demoToken), apiUrl: discogs.url, requestsPerMinute: 600 },
      youtube: { ...base.youtube, baseUrl: youtube.url, requestsPerMinute: 6000 }
    }),
    close: async () => {
      await Promise.all([discogs.close(), images.close(), youtube.close(), media.server.close()])
    }
  }
}
