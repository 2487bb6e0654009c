import { startMediaServer } from "../../src/fakes/media-server.ts"
import { makeTone } from "../../src/fakes/media-tone.ts"
import { type CollectionEntry, type FakeDiscogs, type FaultPlan, startFakeDiscogs } from "../../src/fakes/discogs-server.ts"
import { type FakeImageServer, type ImageFaultPlan, imagePath, pointImagesAt, startImageServer } from "../../src/fakes/image-server.ts"
import { loadRecordedSearches, startFakeYouTube } from "../../src/fakes/youtube-server.ts"
import { mulberry32 } from "../../src/fakes/faults.ts"

export const TOKEN = "soak-token"

export interface SoakWorld {
  readonly env: Record<string, string>
  readonly discogs: FakeDiscogs
  readonly images: FakeImageServer
  readonly media: Awaited<ReturnType<typeof startMediaServer>>
  /** Calls `listener` on every request any fake serves. */
  readonly onAnyRequest: (listener: () => void) => () => void
  readonly faultsInjected: () => Record<string, number>
  readonly close: () => Promise<void>
}

/**
 * The soak's collection: clones of the recorded releases, each cut to its first track so
 * that matching stays cheap at thousands of releases, 3:30 long. Every `audioEvery`-th release lists a
 * Discogs video for that track (the matcher takes it: no search, then a download); the others
 * are searched on the fake YouTube, which answers with unrelated recordings: "no match".
 */
export const soakReleases = (base: ReadonlyMap<number, unknown>, audioEvery: number): Map<number, unknown> => {
  const out = new Map<number, unknown>()
  let n = 0
  for (const [id, body] of base) {
    const release = body as {
      artists: Array<{ name: string }>
      tracklist: Array<{ type_?: string; title: string; duration?: string; position: string }>
      videos?: Array<unknown>
    }
    const first = release.tracklist.find((track) => (track.type_ ?? "track") === "track")
    // As long as the media the fake serves, so that every release with a video gets a match and a download.
    const track = first ? { ...first, duration: "3:30" } : undefined
    const withVideo = n % audioEvery === 0 && track !== undefined
    out.set(id, {
      ...release,
      tracklist: track ? [track] : [],
      videos: withVideo
        ? [{ uri: `https://www.youtube.com/watch?v=soak${id}`, title: `${release.artists[0]?.name ?? ""} - ${track.title}`, description: track.title, duration: 210, embed: true }]
        : []
    })
    n++
  }
  return out
}

export const startSoakWorld = async (
  releases: Map<number, unknown>,
  options: { readonly faults: boolean; readonly seed: number; readonly collection: ReadonlyArray<CollectionEntry> }
): Promise<SoakWorld> => {
  const random = mulberry32(options.seed)
  const ids = [...releases.keys()]
  const pick = (share: number) => ids.filter(() => random() < share)

  const images = await startImageServer()
  const pointed = pointImagesAt(releases, images.url)
  const malformed = options.faults ? pick(0.003) : []
  const discogsFaults: FaultPlan = options.faults
    ? {
      random: { seed: options.seed, serverErrorRate: 0.01, dropRate: 0.005, slowRate: 0.01, slowMs: 400 },
      rateLimitBurst: { afterRequests: 150, count: 4 },
      malformed: malformed.map((id) => ({ path: `/releases/${id}` })),
      // Page 2 of the listing fails for longer than one run's retries: that run's listing stops half-way.
      collectionPages: [{ page: 2, times: 5, status: 503 }]
    }
    : {}
  const discogs = await startFakeDiscogs({
    releases: pointed,
    collection: options.collection,
    username: "soak",
    token: TOKEN,
    rateLimit: { limit: 1e9, windowMs: 60_000 },
    latencyMs: options.faults ? 2 : 0,
    faults: discogsFaults
  })
  const firstImages = ids.map((id) => imagePath(id, 0))
  const imageFaults: ImageFaultPlan = options.faults
    ? {
      htmlPage: firstImages.filter(() => random() < 0.004).map((path) => ({ path })),
      serverError: firstImages.filter(() => random() < 0.02).map((path) => ({ path, times: 1, status: 502 as const })),
      truncated: firstImages.filter(() => random() < 0.01).map((path) => ({ path, times: 1 })),
      // Redirects: most to the same image on an allowed host (followed), a few to a host that is not allowed (refused).
      redirect: [
        ...firstImages.filter(() => random() < 0.01).map((path) => ({ path, times: 1, to: `${images.url}${path}?hop=1` })),
        ...firstImages.filter(() => random() < 0.004).map((path) => ({ path, to: `http://localhost:${new URL(images.url).port}${path}` }))
      ]
    }
    : {}
  images.setFaults(imageFaults)

  const videoIds = [...pointed.entries()].flatMap(([id, body]) => ((body as { videos: Array<unknown> }).videos.length > 0 ? [`soak${id}`] : []))
  // One video in ten is gone (and always at least one when there are four).
  const missing = options.faults ? videoIds.filter((_, index) => index % 10 === 3) : []
  const tone = await makeTone({ seconds: 210 })
  const media = await startMediaServer({ media: tone, faults: { notFound: missing } })
  const youtube = await startFakeYouTube({
    cases: loadRecordedSearches().filter((recording) => recording.track.title.length > 0).slice(0, 3),
    route: () => undefined,
    watch: (videoId) => media.urlFor(videoId)
  })

  const listeners = new Set<() => void>()
  const fire = () => listeners.forEach((listener) => listener())
  const unsubscribe = [discogs.onRequest(fire), images.onRequest(fire), media.onRequest(fire)]

  return {
    env: {
      DISCOGS_TOKEN: TOKEN,
      DISCOGS_USERNAME: "soak",
      DISCOGS_API_URL: discogs.url,
      CRATE_YOUTUBE_URL: youtube.url
    },
    discogs,
    images,
    media,
    onAnyRequest: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    faultsInjected: () => ({
      "Discogs 5xx": discogs.stats.serverErrors,
      "Discogs 429": discogs.stats.rateLimited,
      "Discogs dropped mid-body": discogs.stats.dropped,
      "Discogs 400 ms late": discogs.stats.slow,
      "Discogs malformed JSON": discogs.stats.malformed,
      "image faults": images.requests.filter((r) => r.fault !== undefined && r.fault !== "redirect").length,
      "image redirects": images.requests.filter((r) => r.fault === "redirect").length,
      "listing page failures": discogs.requests.filter((r) => r.path.includes("/collection/") && r.status === 503).length,
      "media 404": media.requests.filter((r) => r.fault === "notFound").length
    }),
    close: async () => {
      unsubscribe.forEach((stop) => stop())
      await Promise.all([discogs.close(), images.close(), media.close(), youtube.close()])
    }
  }
}
