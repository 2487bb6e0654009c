import { parseDuration } from "./duration.ts"
import type { DiscogsArtist, DiscogsRelease, DiscogsSubTrack } from "./schema.ts"

// The rows crate stores for one release; field names are the columns of the `0001_discogs`
// tables. Type aliases rather than interfaces so rows can be passed to `sql.insert`
// (which takes `Record<string, unknown>`).

export type ReleaseRow = {
  readonly release_id: number
  readonly title: string
  readonly year: number | null
  readonly country: string | null
  readonly released: string | null
  readonly notes: string | null
  /** JSON text of the decoded `formats` array (`[]` when absent) */
  readonly formats: string
  readonly master_id: number | null
  readonly data_quality: string | null
  readonly discogs_uri: string | null
}

export type ArtistRow = {
  readonly artist_id: number
  readonly name: string
}

export type ArtistCredit = {
  readonly position: number
  readonly artist_id: number
  readonly anv: string | null
  readonly join_phrase: string | null
  readonly role: string | null
}

export type ReleaseArtistRow = ArtistCredit & {
  readonly release_id: number
}

/** Keyed by the track's `sequence`; the store resolves it to a `track_id`. */
export type TrackArtistRow = ArtistCredit & {
  readonly sequence: number
}

export type LabelRow = {
  readonly label_id: number
  readonly name: string
}

export type ReleaseLabelRow = {
  readonly release_id: number
  readonly position: number
  readonly label_id: number
  readonly catno: string | null
}

export type TrackRow = {
  readonly release_id: number
  readonly sequence: number
  readonly position: string
  readonly position_key: string
  readonly title: string
  readonly duration_seconds: number | null
  readonly heading: string | null
  readonly index_title: string | null
}

export type ImageRow = {
  readonly release_id: number
  readonly position: number
  readonly type: string
  readonly uri: string
  readonly width: number | null
  readonly height: number | null
}

export type VideoRow = {
  readonly release_id: number
  readonly position: number
  readonly uri: string
  readonly title: string | null
  readonly description: string | null
  readonly duration_seconds: number | null
}

export type NormalizedRelease = {
  readonly release: ReleaseRow
  /** every artist credited on the release or a track, first appearance first */
  readonly artists: ReadonlyArray<ArtistRow>
  readonly release_artists: ReadonlyArray<ReleaseArtistRow>
  /** every label of `release_labels`, first appearance first */
  readonly labels: ReadonlyArray<LabelRow>
  readonly release_labels: ReadonlyArray<ReleaseLabelRow>
  readonly genres: ReadonlyArray<string>
  readonly styles: ReadonlyArray<string>
  readonly tracks: ReadonlyArray<TrackRow>
  readonly track_artists: ReadonlyArray<TrackArtistRow>
  readonly images: ReadonlyArray<ImageRow>
  readonly videos: ReadonlyArray<VideoRow>
}

const emptyToNull = (s: string): string | null => (s === "" ? null : s)
// 0 is how Discogs says "unknown" for years, master ids and video durations.
const zeroToNull = (n: number | undefined): number | null => (n === undefined || n === 0 ? null : n)

const credit = (artist: DiscogsArtist, position: number): ArtistCredit => ({
  position,
  artist_id: artist.id,
  anv: emptyToNull(artist.anv),
  join_phrase: emptyToNull(artist.join),
  role: emptyToNull(artist.role)
})

const unique = (names: ReadonlyArray<string> | undefined): ReadonlyArray<string> => [...new Set(names ?? [])]

interface FlatTrack {
  readonly track: DiscogsSubTrack
  readonly heading: string | null
  readonly indexTitle: string | null
  readonly artists: ReadonlyArray<DiscogsArtist>
}

/** Headings and index rows are not tracks: they label the tracks after / under them. */
const flattenTracklist = (tracklist: DiscogsRelease["tracklist"]): ReadonlyArray<FlatTrack> => {
  const flat: Array<FlatTrack> = []
  let heading: string | null = null
  for (const row of tracklist) {
    switch (row.type_) {
      case "heading":
        heading = row.title
        break
      case "index":
        for (const sub of row.sub_tracks ?? []) {
          const own = sub.artists ?? []
          flat.push({ track: sub, heading, indexTitle: row.title, artists: own.length > 0 ? own : row.artists ?? [] })
        }
        break
      default:
        flat.push({ track: row, heading, indexTitle: null, artists: row.artists ?? [] })
    }
  }
  return flat
}

/** `#<sequence>` stands in for a position that is empty or repeats an earlier one. */
const positionKey = (position: string, sequence: number, used: ReadonlySet<string>): string => {
  if (position !== "" && !used.has(position)) return position
  let key = `#${sequence}`
  for (let n = 2; used.has(key); n++) key = `#${sequence}-${n}`
  return key
}

/** Pure: the rows to store for one decoded release. */
export const normalizeRelease = (r: DiscogsRelease): NormalizedRelease => {
  const release_id = r.id
  const artists = new Map<number, ArtistRow>()
  const addArtist = (a: DiscogsArtist) => {
    if (!artists.has(a.id)) artists.set(a.id, { artist_id: a.id, name: a.name })
  }

  r.artists.forEach(addArtist)
  const release_artists = r.artists.map((a, position) => ({ release_id, ...credit(a, position) }))

  const labels = new Map<number, LabelRow>()
  for (const l of r.labels) {
    if (!labels.has(l.id)) labels.set(l.id, { label_id: l.id, name: l.name })
  }
  const release_labels = r.labels.map((l, position) => ({ release_id, position, label_id: l.id, catno: l.catno }))

  const tracks: Array<TrackRow> = []
  const track_artists: Array<TrackArtistRow> = []
  const usedKeys = new Set<string>()
  flattenTracklist(r.tracklist).forEach((t, i) => {
    const sequence = i + 1
    const position = t.track.position.trim()
    const position_key = positionKey(position, sequence, usedKeys)
    usedKeys.add(position_key)
    tracks.push({
      release_id,
      sequence,
      position,
      position_key,
      title: t.track.title,
      duration_seconds: parseDuration(t.track.duration ?? ""),
      heading: t.heading,
      index_title: t.indexTitle
    })
    t.artists.forEach((a, position) => {
      addArtist(a)
      track_artists.push({ sequence, ...credit(a, position) })
    })
  })

  return {
    release: {
      release_id,
      title: r.title,
      year: zeroToNull(r.year),
      country: r.country ?? null,
      released: r.released ?? null,
      notes: r.notes ?? null,
      formats: JSON.stringify(r.formats ?? []),
      master_id: zeroToNull(r.master_id),
      data_quality: r.data_quality ?? null,
      discogs_uri: r.uri ?? null
    },
    artists: [...artists.values()],
    release_artists,
    labels: [...labels.values()],
    release_labels,
    genres: unique(r.genres),
    styles: unique(r.styles),
    tracks,
    track_artists,
    images: (r.images ?? []).map((img, position) => ({
      release_id,
      position,
      type: img.type,
      uri: img.uri,
      width: img.width,
      height: img.height
    })),
    videos: (r.videos ?? []).map((v, position) => ({
      release_id,
      position,
      uri: v.uri,
      title: v.title,
      description: v.description,
      duration_seconds: zeroToNull(v.duration)
    }))
  }
}
