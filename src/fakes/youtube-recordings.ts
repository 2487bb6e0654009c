import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { packageRoot } from "../packageRoot.ts"

/** Absolute path of test/fixtures/youtube-music (see test/fixtures/README.md). */
export const youtubeFixturesDir: string = join(packageRoot, "test/fixtures/youtube-music")

export interface RecordedSearch {
  readonly method: string
  readonly url: string
  readonly status: number
  readonly request_body: { readonly query?: string; readonly params?: string } | null
  /** The raw InnerTube response body, exactly as recorded. */
  readonly response_body: string
}

export interface RecordedCase {
  /** The file name without ".json", e.g. "12-billy-joel-piano-man". */
  readonly name: string
  readonly track: { readonly title: string; readonly artists: ReadonlyArray<string>; readonly album: string; readonly duration_s: number }
  readonly expected_video_ids: ReadonlyArray<string>
  readonly searches: ReadonlyArray<RecordedSearch>
}

/** Every recorded case, by file name. */
export const loadRecordedSearches = (dir = youtubeFixturesDir): ReadonlyArray<RecordedCase> =>
  readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))
    .map((file) => ({ name: file.replace(/\.json$/, ""), ...(JSON.parse(readFileSync(join(dir, file), "utf8")) as Omit<RecordedCase, "name">) }))

/** What a search request asks for, as far as a replay can tell (youtubei.js's request bodies are not spotDL's). */
export type SearchIntent = "songs" | "videos" | "all" | "continuation" | "web"

const isSongsFilter = (params: string | undefined) => params?.startsWith("EgWKAQII") === true
const isVideosFilter = (params: string | undefined) => params?.startsWith("EgWKAQIQ") === true
const isFirstPage = (search: RecordedSearch) => search.method === "POST" && !search.url.includes("ctoken=")

/** A continuation page's token as recorded in its URL, not decoded: the previous page's body has it in that form. */
export const recordedToken = (search: RecordedSearch): string | null => /[?&]ctoken=([^&]*)/.exec(search.url)?.[1] ?? null

/**
 * The recorded response for an intent: the songs- or videos-filtered first page when the
 * case has one, else its first (unfiltered) search; a continuation page by its token.
 */
export const recordedResponse = (recording: RecordedCase, intent: Exclude<SearchIntent, "web">, continuation?: string): string | undefined => {
  const pages = recording.searches.filter(isFirstPage)
  const first = pages[0]?.response_body
  switch (intent) {
    case "songs":
      return pages.find((s) => isSongsFilter(s.request_body?.params))?.response_body ?? first
    case "videos":
      return pages.find((s) => isVideosFilter(s.request_body?.params))?.response_body ?? first
    case "all":
      return pages.find((s) => s.request_body?.params === undefined)?.response_body ?? first
    case "continuation":
      return recording.searches.find((s) => continuation !== undefined && recordedToken(s) === continuation)?.response_body
  }
}

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)
const at = (value: unknown, ...path: ReadonlyArray<string | number>): unknown =>
  path.reduce<unknown>((node, key) => (isObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[key] : undefined), value)
const runsOf = (value: unknown): ReadonlyArray<Json> => {
  const runs = at(value, "runs")
  return Array.isArray(runs) ? runs.filter(isObject) : []
}

interface RecordedVideo {
  readonly videoId: string
  readonly title: string
  readonly channel: string | null
  readonly length: string | null
}

const clock = /^\d+(:\d{2}){1,2}$/

/** Songs and videos of a recorded YouTube Music page (list items and top-result cards), in order. */
const recordedVideos = (body: string): ReadonlyArray<RecordedVideo> => {
  const found: Array<RecordedVideo> = []
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!isObject(node)) return
    const item = node["musicResponsiveListItemRenderer"]
    const card = node["musicCardShelfRenderer"]
    if (isObject(item)) {
      const columns = at(item, "flexColumns")
      const column = (i: number) => runsOf(at(columns, i, "musicResponsiveListItemFlexColumnRenderer", "text"))
      const videoId = at(column(0)[0], "navigationEndpoint", "watchEndpoint", "videoId") ?? at(item, "playlistItemData", "videoId")
      const subtitle = column(1)
      if (typeof videoId === "string") {
        found.push({
          videoId,
          title: String(column(0)[0]?.["text"] ?? ""),
          channel: subtitle.find((run) => at(run, "navigationEndpoint", "browseEndpoint") !== undefined)?.["text"] as string | undefined ?? null,
          length: subtitle.map((run) => String(run["text"])).find((text) => clock.test(text)) ?? null
        })
      }
    }
    if (isObject(card)) {
      const videoId = at(card, "onTap", "watchEndpoint", "videoId")
      const subtitle = runsOf(at(card, "subtitle"))
      if (typeof videoId === "string") {
        found.push({
          videoId,
          title: runsOf(at(card, "title")).map((run) => String(run["text"])).join(""),
          channel: subtitle.find((run) => at(run, "navigationEndpoint", "browseEndpoint") !== undefined)?.["text"] as string | undefined ?? null,
          length: subtitle.map((run) => String(run["text"])).find((text) => clock.test(text)) ?? null
        })
      }
    }
    Object.values(node).forEach(visit)
  }
  visit(JSON.parse(body))
  return found
}

/**
 * A plain YouTube search page (`twoColumnSearchResultsRenderer`, one `videoRenderer` per
 * video) made from a case's recorded YouTube Music results: no plain search was recorded,
 * so this answer is derived, not replayed. It carries only what youtubei.js reads for a
 * result: id, title, channel, length.
 */
export const derivedWebSearch = (recording: RecordedCase): string => {
  const seen = new Set<string>()
  const videos = recording.searches.filter(isFirstPage).flatMap((search) => recordedVideos(search.response_body))
    .filter((video) => !seen.has(video.videoId) && seen.add(video.videoId))
  const renderer = (video: RecordedVideo) => ({
    videoRenderer: {
      videoId: video.videoId,
      title: { runs: [{ text: video.title }] },
      ...(video.channel === null ? {} : { ownerText: { runs: [{ text: video.channel }] } }),
      ...(video.length === null ? {} : { lengthText: { simpleText: video.length } })
    }
  })
  return JSON.stringify({
    responseContext: {},
    estimatedResults: String(videos.length),
    contents: {
      twoColumnSearchResultsRenderer: {
        primaryContents: { sectionListRenderer: { contents: [{ itemSectionRenderer: { contents: videos.map(renderer) } }] } }
      }
    }
  })
}
