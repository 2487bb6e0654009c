import { type Helpers, type YT, type YTMusic, YTNodes } from "youtubei.js"
import type { Candidate, CandidateKind, CandidateSource } from "./match/index.ts"
import { parseDuration } from "../discogs/duration.ts"

/** Reads a nested field of youtubei.js's untyped endpoint payloads. */
const field = (value: unknown, ...path: ReadonlyArray<string>): unknown =>
  path.reduce<unknown>((at, key) => (typeof at === "object" && at !== null ? (at as Record<string, unknown>)[key] : undefined), value)

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null)

const musicVideoTypeOf = (payload: unknown) =>
  text(field(payload, "watchEndpointMusicSupportedConfigs", "watchEndpointMusicConfig", "musicVideoType"))

const kindOf = (musicVideoType: string | null, itemType?: string): CandidateKind =>
  itemType === "song" || musicVideoType === "MUSIC_VIDEO_TYPE_ATV"
    ? "song"
    : itemType === "video" || musicVideoType !== null
    ? "video"
    : "unknown"

type Run = YTNodes.MusicResponsiveListItemFlexColumn["title"]["runs"]

const endpointOf = (run: NonNullable<Run>[number] | undefined): unknown =>
  run !== undefined && "endpoint" in run ? run.endpoint?.payload : undefined

const pageTypeOf = (run: NonNullable<Run>[number]) =>
  field(endpointOf(run), "browseEndpointContextSupportedConfigs", "browseEndpointContextMusicConfig", "pageType")

/**
 * A list item youtubei.js could not type: 18.1 leaves items of the newer
 * `MUSIC_VIDEO_TYPE_OFFICIAL_SOURCE_MUSIC` kind without id or artists. Read from its columns:
 * title and video id in the first, artists or channel and length in the second.
 */
const untypedItem = (item: YTNodes.MusicResponsiveListItem, source: CandidateSource): Candidate | null => {
  const [first] = item.flex_columns.at(0)?.title.runs ?? []
  const videoId = text(field(endpointOf(first), "videoId"))
  if (videoId === null || first === undefined) return null
  const runs = item.flex_columns.at(1)?.title.runs ?? []
  const musicVideoType = musicVideoTypeOf(endpointOf(first))
  return {
    videoId,
    title: first.text,
    artists: runs.filter((run) => pageTypeOf(run) === "MUSIC_PAGE_TYPE_ARTIST").map((run) => run.text),
    channel: runs.find((run) => pageTypeOf(run) === "MUSIC_PAGE_TYPE_USER_CHANNEL")?.text ?? null,
    album: runs.find((run) => pageTypeOf(run) === "MUSIC_PAGE_TYPE_ALBUM")?.text ?? null,
    durationSeconds: runs.map((run) => parseDuration(run.text)).find((value) => value !== null) ?? null,
    kind: kindOf(musicVideoType),
    musicVideoType,
    description: null,
    source
  }
}

const listItem = (item: YTNodes.MusicResponsiveListItem, source: CandidateSource): Candidate | null => {
  if (item.item_type === "unknown" || item.item_type === undefined) return untypedItem(item, source)
  if ((item.item_type !== "song" && item.item_type !== "video") || !item.id || !item.title) return null
  const musicVideoType = musicVideoTypeOf(endpointOf(item.flex_columns.at(0)?.title.runs?.at(0)))
  const authors = item.authors?.map((author) => author.name) ?? []
  return {
    videoId: item.id,
    title: item.title,
    artists: item.artists?.map((artist) => artist.name) ?? authors,
    channel: item.item_type === "video" ? authors[0] ?? null : null,
    album: item.album?.name ?? null,
    durationSeconds: item.duration?.seconds ?? null,
    kind: kindOf(musicVideoType, item.item_type),
    musicVideoType,
    description: null,
    source
  }
}

/** The top-result card: its video is on the card itself, its artists and duration in the subtitle runs. */
const card = (shelf: YTNodes.MusicCardShelf, source: CandidateSource): Candidate | null => {
  const videoId = text(field(shelf.on_tap?.payload, "videoId"))
  if (videoId === null) return null
  const musicVideoType = musicVideoTypeOf(shelf.on_tap.payload)
  const runs = shelf.subtitle.runs ?? []
  const byPage = (page: string) => runs.filter((run) => pageTypeOf(run) === page).map((run) => run.text)
  const duration = runs.map((run) => parseDuration(run.text)).find((value) => value !== null) ?? null
  return {
    videoId,
    title: shelf.title.toString(),
    artists: byPage("MUSIC_PAGE_TYPE_ARTIST"),
    channel: byPage("MUSIC_PAGE_TYPE_USER_CHANNEL")[0] ?? null,
    album: byPage("MUSIC_PAGE_TYPE_ALBUM")[0] ?? null,
    durationSeconds: duration,
    kind: kindOf(musicVideoType),
    musicVideoType,
    description: null,
    source
  }
}

/** The songs and videos among the items of a shelf (or of a continuation page). */
export const musicListCandidates = (items: ReadonlyArray<Helpers.YTNode>): ReadonlyArray<Candidate> =>
  items.flatMap((item) => (item.is(YTNodes.MusicResponsiveListItem) ? listItem(item, "youtube-music") ?? [] : []))

/** Every song and video of a YouTube Music search page, in the order shown (the top-result card first). */
export const musicCandidates = (search: YTMusic.Search): ReadonlyArray<Candidate> =>
  (search.contents ?? []).flatMap((shelf) =>
    shelf.is(YTNodes.MusicCardShelf)
      ? [card(shelf, "youtube-music"), ...musicListCandidates(shelf.contents ?? [])].filter((c): c is Candidate => c !== null)
      : shelf.is(YTNodes.MusicShelf)
      ? musicListCandidates(shelf.contents)
      : [])

/** The videos of a plain YouTube search page (channels, playlists and shelves are left out). */
export const webCandidates = (search: YT.Search): ReadonlyArray<Candidate> =>
  search.results.flatMap((node) => {
    if (!node.is(YTNodes.Video)) return []
    const channel = node.author.name === "N/A" ? null : node.author.name
    return [{
      videoId: node.video_id,
      title: node.title.toString(),
      artists: [],
      channel,
      album: null,
      durationSeconds: node.duration.seconds > 0 ? node.duration.seconds : null,
      kind: "video" as const,
      musicVideoType: null,
      description: node.description_snippet?.toString() ?? null,
      source: "youtube" as const
    }]
  })
