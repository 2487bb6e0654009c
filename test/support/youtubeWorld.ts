import { join } from "node:path"
import { type FakeDiscogs, startFakeDiscogs, syntheticCollection } from "../../src/fakes/discogs-server.ts"
import { type FakeYouTube, type FakeYouTubeOptions, startFakeYouTube } from "../../src/fakes/youtube-server.ts"
import { runCli, writeTestConfig } from "./cli.ts"
import { tempDir } from "./tempDir.ts"

export interface TrackSpec {
  readonly position: string
  readonly title: string
  /** "M:SS", or "" when Discogs has none. */
  readonly duration: string
  readonly artists?: ReadonlyArray<string>
}

export interface ReleaseSpec {
  readonly id: number
  readonly title: string
  readonly artists: ReadonlyArray<string>
  readonly tracks: ReadonlyArray<TrackSpec>
  readonly videos?: ReadonlyArray<{ readonly uri: string; readonly title: string; readonly duration: number; readonly description?: string }>
}

let nextArtistId = 700_000
const artistIds = new Map<string, number>()
const artist = (name: string, join = "") => {
  if (!artistIds.has(name)) artistIds.set(name, nextArtistId++)
  return { id: artistIds.get(name)!, name, anv: "", join, role: "", resource_url: "" }
}

/** A GET /releases/{id} body in the modern API shape, built around the tracks of recorded YouTube searches. */
export const discogsRelease = (spec: ReleaseSpec) => ({
  id: spec.id,
  title: spec.title,
  year: 2020,
  artists: spec.artists.map((name, i) => artist(name, i < spec.artists.length - 1 ? "," : "")),
  labels: [{ id: 1, name: "Test Label", catno: `TL-${spec.id}` }],
  formats: [{ name: "Vinyl", qty: "1" }],
  tracklist: spec.tracks.map((t) => ({
    type_: "track",
    position: t.position,
    title: t.title,
    duration: t.duration,
    ...(t.artists ? { artists: t.artists.map((name, i) => artist(name, i < t.artists!.length - 1 ? "," : "")) } : {})
  })),
  images: [],
  videos: (spec.videos ?? []).map((v) => ({ uri: v.uri, title: v.title, description: v.description ?? v.title, duration: v.duration, embed: true }))
})

/** Releases whose tracks the recorded YouTube Music searches are about (see test/fixtures/youtube-music). */
export const recordedReleases = {
  /** Case 12: the studio track, a live upload, a TV performance and the music video. */
  pianoMan: { id: 9_100_001, title: "Piano Man", artists: ["Billy Joel"], tracks: [{ position: "A1", title: "Piano Man", duration: "5:39" }] },
  /** Case 2: two same-titled songs (one 12 s shorter) and remixes. */
  twinbow: { id: 9_100_002, title: "Twinbow", artists: ["Slushii", "Marshmello"], tracks: [{ position: "1", title: "Twinbow", duration: "2:46" }] },
  /** Case 10, without a duration on Discogs. */
  pantamera: { id: 9_100_003, title: "Pantamera", artists: ["De Vet Du"], tracks: [{ position: "A", title: "Pantamera", duration: "" }] },
  /** Case 0 (two accepted uploads), and a track no recording is about. */
  mata: {
    id: 9_100_004,
    title: "100 dni do matury",
    artists: ["Mata"],
    tracks: [
      { position: "1", title: "Piszę to na matmie", duration: "4:17", artists: ["Mata", "Moo Latte"] },
      { position: "2", title: "Kiedy nikt nie słucha o trzeciej w nocy", duration: "3:03" }
    ]
  }
} satisfies Record<string, ReleaseSpec>

export interface YouTubeWorld {
  readonly discogs: FakeDiscogs
  readonly youtube: FakeYouTube
  readonly dir: string
  readonly db: string
  readonly crate: (...args: ReadonlyArray<string>) => ReturnType<typeof runCli>
  close(): Promise<void>
}

/** A fake Discogs serving `releases` as a collection, the fake YouTube, a temp folder with a fast test config. */
export const startYouTubeWorld = async (
  releases: ReadonlyArray<ReleaseSpec>,
  options: { readonly youtube?: FakeYouTubeOptions; readonly config?: Record<string, unknown> } = {}
): Promise<YouTubeWorld> => {
  const bodies = new Map<number, unknown>(releases.map((spec) => [spec.id, discogsRelease(spec)]))
  const discogs = await startFakeDiscogs({ releases: bodies, collection: syntheticCollection(bodies), username: "digger", token: "yt-token", rateLimit: { limit: 10_000, windowMs: 60_000 } })
  const youtube = await startFakeYouTube(options.youtube)
  const dir = tempDir("crate-youtube-")
  writeTestConfig(dir, { youtube: { requestsPerMinute: 60_000, cooldown: "1 second" }, ...options.config })
  const env = { DISCOGS_TOKEN: "yt-token", DISCOGS_USERNAME: "digger", DISCOGS_API_URL: discogs.url, CRATE_YOUTUBE_URL: youtube.url }
  return {
    discogs,
    youtube,
    dir,
    db: join(dir, "discogs_collection.db"),
    crate: (...args) => runCli(args, { cwd: dir, env }),
    close: async () => {
      await Promise.all([discogs.close(), youtube.close()])
    }
  }
}
