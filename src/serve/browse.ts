import { fold } from "../query/fold.ts"
import type { CollectionEntry } from "../query/collection.ts"

export type SortOrder = "artist" | "year" | "added"
export const sortOrders: ReadonlyArray<SortOrder> = ["artist", "year", "added"]

/** What the collection page was asked for: its URL's query, read leniently (a bad value is no filter). */
export interface Browse {
  /** Words that must all appear in artist, title, label, catalogue number or year; case and accents ignored. */
  readonly q: string
  readonly artist: string
  readonly label: string
  readonly genre: string
  readonly style: string
  readonly format: string
  readonly folder: number | null
  readonly yearFrom: number | null
  readonly yearTo: number | null
  readonly sort: SortOrder
  /** 1-based. */
  readonly page: number
}

export const pageSize = 120

const integer = (text: string | null): number | null => {
  const n = text === null || text.trim() === "" ? NaN : Number(text)
  return Number.isInteger(n) ? n : null
}

export const parseBrowse = (params: URLSearchParams): Browse => {
  const text = (key: string) => (params.get(key) ?? "").trim()
  const sort = text("sort")
  return {
    q: text("q"),
    artist: text("artist"),
    label: text("label"),
    genre: text("genre"),
    style: text("style"),
    format: text("format"),
    folder: integer(params.get("folder")),
    yearFrom: integer(params.get("from")),
    yearTo: integer(params.get("to")),
    sort: (sortOrders as ReadonlyArray<string>).includes(sort) ? sort as SortOrder : "artist",
    page: Math.max(1, integer(params.get("page")) ?? 1)
  }
}

/** The query string of a browse, without its defaults (so links stay short). */
export const browseQuery = (browse: Browse, changes: Partial<Browse> = {}): string => {
  const b = { ...browse, ...changes }
  const params = new URLSearchParams()
  const add = (key: string, value: string | number | null, unless: string | number | null = "") => {
    if (value !== null && value !== unless) params.set(key, String(value))
  }
  add("q", b.q)
  add("artist", b.artist)
  add("label", b.label)
  add("genre", b.genre)
  add("style", b.style)
  add("format", b.format)
  add("folder", b.folder)
  add("from", b.yearFrom)
  add("to", b.yearTo)
  add("sort", b.sort, "artist")
  add("page", b.page, 1)
  const query = params.toString()
  return query === "" ? "" : `?${query}`
}

/** "The Persuader" sorts as "Persuader" (Discogs writes it "Persuader, The" already); names in other scripts after Latin ones. */
const sortName = (artist: string) => artist.replace(/^the\s+/i, "")
const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true })

const same = (wanted: string) => {
  const w = fold(wanted)
  return (value: string) => fold(value) === w
}

const matches = (browse: Browse) => {
  const words = fold(browse.q).split(" ").filter((w) => w !== "")
  const artist = fold(browse.artist)
  const label = fold(browse.label)
  const genre = same(browse.genre)
  const style = same(browse.style)
  const format = same(browse.format)
  return (entry: CollectionEntry): boolean =>
    words.every((word) => entry.searchText.includes(word)) &&
    (artist === "" || fold(entry.artist).includes(artist)) &&
    (label === "" || entry.labels.some((l) => fold(l.name).includes(label))) &&
    (browse.genre === "" || entry.genres.some(genre)) &&
    (browse.style === "" || entry.styles.some(style)) &&
    (browse.format === "" || entry.formats.some(format)) &&
    (browse.folder === null || entry.folders.includes(browse.folder)) &&
    (browse.yearFrom === null || (entry.year !== null && entry.year >= browse.yearFrom)) &&
    (browse.yearTo === null || (entry.year !== null && entry.year <= browse.yearTo))
}

const byArtist = (a: CollectionEntry, b: CollectionEntry) =>
  collator.compare(sortName(a.artist), sortName(b.artist)) || collator.compare(a.title, b.title) || a.releaseId - b.releaseId

const orders: Record<SortOrder, (a: CollectionEntry, b: CollectionEntry) => number> = {
  artist: byArtist,
  // Releases without a year last; the newest first reads best for "added".
  year: (a, b) => (a.year ?? 99999) - (b.year ?? 99999) || byArtist(a, b),
  added: (a, b) => (b.added ?? "").localeCompare(a.added ?? "") || byArtist(a, b)
}

export interface BrowseResult {
  readonly total: number
  readonly page: ReadonlyArray<CollectionEntry>
  readonly more: boolean
}

/** Kept per list of entries (a list is read once per change of the database), so that each page filters without sorting. */
const memo = <A>(compute: (entries: ReadonlyArray<CollectionEntry>) => A) => {
  const cache = new WeakMap<ReadonlyArray<CollectionEntry>, A>()
  return (entries: ReadonlyArray<CollectionEntry>): A => {
    if (!cache.has(entries)) cache.set(entries, compute(entries))
    return cache.get(entries)!
  }
}

const sortedBy = (order: SortOrder) => memo((entries) => [...entries].sort(orders[order]))
const sorted: Record<SortOrder, (entries: ReadonlyArray<CollectionEntry>) => ReadonlyArray<CollectionEntry>> = {
  artist: sortedBy("artist"),
  year: sortedBy("year"),
  added: sortedBy("added")
}

export const browseCollection = (entries: ReadonlyArray<CollectionEntry>, browse: Browse): BrowseResult => {
  const found = sorted[browse.sort](entries).filter(matches(browse))
  const start = (browse.page - 1) * pageSize
  return { total: found.length, page: found.slice(start, start + pageSize), more: start + pageSize < found.length }
}

/** The values each filter can take in this collection, with how many releases have them. */
export interface Facets {
  readonly genres: ReadonlyArray<readonly [string, number]>
  readonly styles: ReadonlyArray<readonly [string, number]>
  readonly formats: ReadonlyArray<readonly [string, number]>
  readonly folders: ReadonlyArray<readonly [number, number]>
  readonly years: readonly [number, number] | null
}

const counted = <A>(values: Iterable<A>): Array<readonly [A, number]> => {
  const counts = new Map<A, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))
}

export const facetsOf = memo((entries): Facets => {
  const years = entries.flatMap((e) => (e.year === null || e.year === 0 ? [] : [e.year]))
  return {
    genres: counted(entries.flatMap((e) => e.genres)),
    styles: counted(entries.flatMap((e) => e.styles)),
    formats: counted(entries.flatMap((e) => e.formats)),
    folders: counted(entries.flatMap((e) => e.folders)).sort((a, b) => a[0] - b[0]),
    years: years.length === 0 ? null : [Math.min(...years), Math.max(...years)]
  }
})
