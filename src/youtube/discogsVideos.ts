import type { Candidate } from "./match/index.ts"

export interface DiscogsVideo {
  readonly uri: string
  readonly title: string | null
  readonly description: string | null
  readonly duration_seconds: number | null
}

/** The YouTube id in a link as Discogs stores it: watch?v=, youtu.be/, /embed/, /shorts/. */
export const videoIdOf = (link: string): string | null => {
  const trimmed = link.trim()
  if (/^[\w-]{11}$/.test(trimmed)) return trimmed
  if (!URL.canParse(trimmed)) return null
  const url = new URL(trimmed)
  const id = url.searchParams.get("v") ??
    (/youtu\.be$/.test(url.hostname) ? url.pathname.slice(1) : /^\/(embed|shorts|v|live)\/[\w-]{11}/.test(url.pathname) ? url.pathname.split("/")[2] : null)
  return id !== null && id !== undefined && /^[\w-]{11}$/.test(id) ? id : null
}

/**
 * "Provided to YouTube by <label>\n\n<Title> · <Artist> · <Artist>\n\n<Album>…": the credits
 * line of an official audio upload names its artists.
 */
const creditedArtists = (description: string | null): ReadonlyArray<string> => {
  if (description === null || !/^\s*Provided to YouTube by\b/i.test(description)) return []
  const credits = description.split(/\n\s*\n/)[1]?.split(" · ") ?? []
  return credits.slice(1).map((name) => name.trim()).filter(Boolean)
}

/** The release's own videos as candidates, first listing of each video only. */
export const discogsCandidates = (videos: ReadonlyArray<DiscogsVideo>): ReadonlyArray<Candidate> => {
  const seen = new Set<string>()
  return videos.flatMap((video) => {
    const videoId = videoIdOf(video.uri)
    if (videoId === null || seen.has(videoId)) return []
    seen.add(videoId)
    return [{
      videoId,
      title: video.title ?? "",
      artists: creditedArtists(video.description),
      channel: null,
      album: null,
      durationSeconds: video.duration_seconds,
      kind: "unknown" as const,
      musicVideoType: null,
      description: video.description,
      source: "discogs-video" as const
    }]
  })
}
