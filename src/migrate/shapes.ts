import { Schema } from "effect"

/**
 * The files `crate migrate` reads besides metadata.json (a Discogs release as GET /releases/{id}
 * returns it). docs/commands.md describes them for people; extra keys are ignored.
 */

/** One track's match in the simple shape: `video_id` or `url` (null or absent on both: no match). */
const SimpleMatch = Schema.Struct({
  position: Schema.String,
  video_id: Schema.optional(Schema.NullOr(Schema.String)),
  url: Schema.optional(Schema.NullOr(Schema.String)),
  title: Schema.optional(Schema.NullOr(Schema.String)),
  channel: Schema.optional(Schema.NullOr(Schema.String)),
  duration: Schema.optional(Schema.NullOr(Schema.Number)),
  score: Schema.optional(Schema.NullOr(Schema.Number)),
  /** The audio file of the track in the folder, when its name does not start with the position. */
  file: Schema.optional(Schema.NullOr(Schema.String))
})

/** One track as crate's own yt_matches.json writes it (the youtube step), so a crate library migrates too. */
const CrateMatch = Schema.Struct({
  position: Schema.String,
  decision: Schema.Literal("match", "no match", "override", "undecided"),
  score: Schema.optional(Schema.NullOr(Schema.Number)),
  video: Schema.optional(Schema.NullOr(Schema.Struct({
    video_id: Schema.String,
    url: Schema.optional(Schema.NullOr(Schema.String)),
    title: Schema.optional(Schema.NullOr(Schema.String)),
    channel: Schema.optional(Schema.NullOr(Schema.String)),
    duration_seconds: Schema.optional(Schema.NullOr(Schema.Number))
  })))
})

const MatchEntry = Schema.Union(CrateMatch, SimpleMatch)

/** yt_matches.json: a list of entries, or an object with the list under `tracks` (or `matches`). */
export const MatchesFile = Schema.Union(
  Schema.Array(MatchEntry),
  Schema.Struct({ tracks: Schema.Array(MatchEntry) }),
  Schema.Struct({ matches: Schema.Array(MatchEntry) })
)

const Analysis = {
  bpm: Schema.optional(Schema.NullOr(Schema.Number)),
  key: Schema.optional(Schema.NullOr(Schema.String))
}

/** analysis.json: per track `{position, bpm?, key?}`, as a list or under `tracks`. */
export const AnalysisFile = Schema.Union(
  Schema.Array(Schema.Struct({ position: Schema.String, ...Analysis })),
  Schema.Struct({ tracks: Schema.Array(Schema.Struct({ position: Schema.String, ...Analysis })) })
)

/** `<audio file name without .opus>.json` next to an audio file: `{bpm?, key?}` for that file's track. */
export const TrackAnalysisFile = Schema.Struct(Analysis)

/** A match as crate stores it, from either shape. */
export interface MigratedMatch {
  readonly position: string
  /** null: "no match" for the track. */
  readonly videoId: string | null
  readonly url: string | null
  readonly title: string | null
  readonly channel: string | null
  readonly duration: number | null
  readonly score: number | null
  readonly file: string | null
}

const youtubeHosts = ["youtube.com", "youtu.be", "youtube-nocookie.com"]

/** What a YouTube video id looks like: nothing else is stored as one (not "../../etc"). */
export const isVideoId = (id: string) => /^[A-Za-z0-9_-]{6,20}$/.test(id)

/** The video id in a YouTube link (https only, on YouTube's hosts): watch?v=…, youtu.be/…, /shorts/…, /embed/…, /v/…. */
export const videoIdOf = (url: string): string | undefined => {
  if (!URL.canParse(url)) return undefined
  const parsed = new URL(url)
  const host = parsed.hostname
  if (parsed.protocol !== "https:" || !youtubeHosts.some((name) => host === name || host.endsWith(`.${name}`))) return undefined
  const fromQuery = parsed.searchParams.get("v")
  const fromPath = parsed.hostname.endsWith("youtu.be")
    ? parsed.pathname.slice(1)
    : /^\/(?:shorts|embed|v|live)\/([^/]+)/.exec(parsed.pathname)?.[1]
  const id = fromQuery ?? fromPath
  return id !== undefined && isVideoId(id) ? id : undefined
}

/** Why a stored video id or link cannot be imported: a link off YouTube (an internal address, say), or an id that is not one. */
const linkProblem = (videoId: string | null, url: string | null): string | undefined =>
  url !== null && videoIdOf(url) === undefined
    ? `"${url.slice(0, 100)}" is not a YouTube video link`
    : videoId !== null && !isVideoId(videoId)
    ? `"${videoId.slice(0, 40)}" is not a YouTube video id`
    : undefined

type Entry = typeof MatchEntry.Type

// Array.isArray does not narrow a readonly array out of a union.
const isList = (file: typeof MatchesFile.Type): file is ReadonlyArray<Entry> => Array.isArray(file)

/** The entries of a decoded file as matches; undecided entries are left out (nothing to import). */
export const matchesOf = (file: typeof MatchesFile.Type): ReadonlyArray<MigratedMatch | { readonly position: string; readonly problem: string }> => {
  const entries = isList(file) ? file : "tracks" in file ? file.tracks : file.matches
  return entries.flatMap((entry): ReadonlyArray<MigratedMatch | { readonly position: string; readonly problem: string }> => {
    if ("decision" in entry) {
      if (entry.decision === "undecided") return []
      const video = entry.video ?? null
      const problem = video === null ? undefined : linkProblem(video.video_id, null)
      if (problem !== undefined) return [{ position: entry.position, problem }]
      // The id names the video; a link off YouTube (the YouTube crate was pointed at, a loopback
      // fake for the demo) is not kept: the watch link is made again from youtube.baseUrl.
      const url = video?.url != null && videoIdOf(video.url) !== undefined ? video.url : null
      return [{
        position: entry.position,
        videoId: video?.video_id ?? null,
        url,
        title: video?.title ?? null,
        channel: video?.channel ?? null,
        duration: video?.duration_seconds ?? null,
        score: entry.score ?? null,
        file: null
      }]
    }
    const url = entry.url ?? null
    const videoId = entry.video_id ?? (url === null ? null : videoIdOf(url) ?? null)
    const problem = linkProblem(videoId, url)
    if (problem !== undefined) return [{ position: entry.position, problem }]
    return [{
      position: entry.position,
      videoId,
      url,
      title: entry.title ?? null,
      channel: entry.channel ?? null,
      duration: entry.duration ?? null,
      score: entry.score ?? null,
      file: entry.file ?? null
    }]
  })
}
