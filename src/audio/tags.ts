import type { TrackNumber } from "./numbering.ts"

/** What the tags say about the release, from the Discogs tables. */
export interface ReleaseInfo {
  readonly releaseId: number
  readonly title: string
  /** The release's artists as credited, e.g. "Simon & Garfunkel". */
  readonly artist: string
  readonly released: string | null
  readonly year: number | null
  readonly label: string | null
  readonly catalogueNumber: string | null
  readonly genres: ReadonlyArray<string>
}

export interface TrackInfo {
  readonly position: string
  readonly title: string
  /** The track's own artists as credited (compilations), or null to use the release's. */
  readonly artist: string | null
  readonly numbering: TrackNumber
}

/** "1987-08-03", "1987-08" or "1987" from Discogs' `released` ("1987-00-00" means the month is unknown), else the year. */
export const releaseDate = (released: string | null, year: number | null): string | null => {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(released ?? "")
  if (match && match[1] !== "0000") {
    const known: Array<string> = [match[1]!]
    for (const part of [match[2], match[3]]) {
      if (part === undefined || part === "00") break
      known.push(part)
    }
    return known.join("-")
  }
  return year !== null && year > 0 ? String(year) : null
}

/** Vorbis comments for one track (the names MusicBrainz Picard and most players read). */
export const vorbisComments = (release: ReleaseInfo, track: TrackInfo): ReadonlyArray<readonly [string, string]> => {
  const comments: Array<readonly [string, string]> = [
    ["TITLE", track.title],
    ["ARTIST", track.artist ?? release.artist],
    ["ALBUMARTIST", release.artist],
    ["ALBUM", release.title],
    ["TRACKNUMBER", String(track.numbering.number)],
    ["TRACKTOTAL", String(track.numbering.total)]
  ]
  if (track.numbering.disc !== null) comments.push(["DISCNUMBER", String(track.numbering.disc)])
  const date = releaseDate(release.released, release.year)
  if (date !== null) comments.push(["DATE", date])
  if (release.label !== null) comments.push(["LABEL", release.label])
  if (release.catalogueNumber !== null) comments.push(["CATALOGNUMBER", release.catalogueNumber])
  // One GENRE: ffmpeg keeps only the last of repeated keys.
  if (release.genres.length > 0) comments.push(["GENRE", release.genres.join("; ")])
  comments.push(["DISCOGS_RELEASE_ID", String(release.releaseId)], ["DISCOGS_POSITION", track.position])
  return comments.filter(([, value]) => value.trim() !== "")
}
