import { artistName } from "./match/normalize.ts"
import type { WantedTrack } from "./match/index.ts"

export interface CreditedArtist {
  readonly name: string
  /** The name as credited on this release (Discogs `anv`), when it differs. */
  readonly anv: string | null
}

export interface TrackInfo {
  readonly trackId: number
  readonly position: string
  readonly title: string
  /** The index track a sub-track belongs to ("Sysyphus" for "Part 1"). */
  readonly indexTitle: string | null
  readonly durationSeconds: number | null
  readonly artists: ReadonlyArray<CreditedArtist>
}

export interface ReleaseInfo {
  readonly title: string
  readonly artists: ReadonlyArray<CreditedArtist>
  /** Its labels, catalogue numbers and year: an upload's "[Svek SK032]" or "(1999)" is not another version. */
  readonly labelWords?: ReadonlyArray<string>
  /** Its tracks' durations, where Discogs has them. */
  readonly durations?: ReadonlyArray<number>
}

/** Discogs' placeholder for compilations: not an artist to look for. */
const isPlaceholder = (artist: CreditedArtist) => /^various( artists)?$/i.test(artistName(artist.name))

const names = (artists: ReadonlyArray<CreditedArtist>) =>
  artists.filter((artist) => !isPlaceholder(artist)).map((artist) => artistName(artist.anv ?? artist.name))

/** The title to look for: a sub-track is named after its index track too. */
export const trackTitle = (track: TrackInfo) =>
  track.indexTitle !== null && track.indexTitle !== "" ? `${track.indexTitle}: ${track.title}` : track.title

/**
 * The track as the matcher wants it: the track's own artists (as credited, then their
 * canonical names), else the release's. When the track has its own, the release's count
 * for less: "Pink Floyd – Sysyphus" for a sub-track credited to Richard Wright is good
 * evidence, the DJ's name on a mix's track much less.
 */
export const wantedTrack = (track: TrackInfo, release: ReleaseInfo): WantedTrack => {
  const canonical = (artists: ReadonlyArray<CreditedArtist>) =>
    artists.filter((artist) => !isPlaceholder(artist)).map((artist) => artistName(artist.name))
  const both = (artists: ReadonlyArray<CreditedArtist>) => [...new Set([...names(artists), ...canonical(artists)])]
  const own = both(track.artists)
  return {
    title: trackTitle(track),
    artists: own.length > 0 ? own : both(release.artists),
    releaseArtists: own.length > 0 ? both(release.artists).filter((name) => !own.includes(name)) : [],
    durationSeconds: track.durationSeconds,
    album: release.title,
    releaseWords: release.labelWords ?? [],
    longestOnRelease: release.durations !== undefined && release.durations.length > 0 ? Math.max(...release.durations) : null
  }
}

/** "Artist, Artist - Title": the track's artists, or the release's; Discogs' " (n)" suffixes dropped. */
export const searchQuery = (track: TrackInfo, release: ReleaseInfo): string => {
  const own = names(track.artists)
  const artists = (own.length > 0 ? own : names(release.artists)).slice(0, 3)
  const title = trackTitle(track)
  return artists.length > 0 ? `${artists.join(", ")} - ${title}` : title
}
