/**
 * The baseline: spotDL's published scoring (spotdl/utils/matching.py, as its docs summarise
 * it), re-implemented here for comparison only; crate does not use it.
 *
 * - strings are slugified (lower case, accents dropped, other characters → "-") and compared
 *   with fuzzy ratios (rapidfuzz's `ratio`: 2·LCS / total length, 0–100);
 * - a result sharing no word with the title is skipped;
 * - title: ratio of the sorted title words, or (when ≤ 75) of title + artists on both sides;
 *   −15 for each forbidden word the result has and the wanted title lacks;
 * - artist: the main artist's best ratio, averaged with the other artists' (several artists),
 *   falling back to the artists named in the result title when lower than 50;
 * - time score = 100·e^(−0.1·|Δs|);
 * - rejected when title ≤ 60, artist < 70 or time < 25;
 * - score = (title + artist) / 2, averaged with the time score when ≤ 85;
 * - a YouTube Music song result scoring ≥ 80 is accepted at once; otherwise the best.
 *
 * Simplified against the Python: no transliteration of non-Latin scripts (both sides keep
 * their letters), and the "verified result" artist fix-ups 2 and 3 are left out.
 */
import type { Candidate, WantedTrack } from "../src/youtube/match/index.ts"

const forbiddenWords = [
  "bassboosted", "remix", "remastered", "remaster", "reverb", "bassboost", "live", "acoustic",
  "8daudio", "concert", "acapella", "slowed", "instrumental", "cover"
]

export const slugify = (text: string): string =>
  text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "")

const lcs = (a: string, b: string): number => {
  const x = [...a]
  const y = [...b]
  let previous = new Array<number>(y.length + 1).fill(0)
  for (const cx of x) {
    const current = [0]
    for (let j = 0; j < y.length; j++) current.push(cx === y[j] ? previous[j]! + 1 : Math.max(previous[j + 1]!, current[j]!))
    previous = current
  }
  return previous[y.length]!
}

export const ratio = (a: string, b: string): number => {
  const total = [...a].length + [...b].length
  return total === 0 ? 0 : (200 * lcs(a, b)) / total
}

const sortedWords = (slug: string) => slug.split("-").filter(Boolean).sort().join("-")
const squash = (slug: string) => slug.replace(/-/g, "")

const artistMatch = (track: WantedTrack, result: Candidate): number => {
  const wanted = track.artists.map(slugify)
  const found = result.artists.map(slugify)
  const best = (artist: string) => Math.max(0, ...found.map((f) => ratio(artist, f)))
  let score = 0
  if (found.length > 0 && wanted.length > 0) {
    const main = best(wanted[0]!)
    score = wanted.length > 1 ? (main + wanted.reduce((sum, a) => sum + best(a), 0) / wanted.length) / 2 : main
  }
  if (score <= 50 && wanted.length > 0) {
    const inTitle = wanted.filter((a) => squash(slugify(result.title)).includes(squash(a))).length
    score = Math.max(score, (100 * inTitle) / wanted.length)
  }
  return score
}

const nameMatch = (track: WantedTrack, result: Candidate): number => {
  const song = slugify(track.title)
  const title = slugify(result.title)
  let score = ratio(sortedWords(title), sortedWords(song))
  if (score <= 75) {
    const artists = track.artists.map(slugify)
    const withArtists = (slug: string, other: string) =>
      artists.reduce((s, a) => (squash(other).includes(squash(a)) && !squash(s).includes(squash(a)) ? `${s}-${a}` : s), slug)
    const songWithArtists = `${artists.join("-")}-${song}`
    score = Math.max(score, ratio(sortedWords(withArtists(title, songWithArtists)), sortedWords(withArtists(songWithArtists, title))))
  }
  const songSquashed = squash(song)
  const titleSquashed = squash(title)
  for (const word of forbiddenWords) if (titleSquashed.includes(word) && !songSquashed.includes(word)) score -= 15
  return score
}

const sharesAWord = (track: WantedTrack, result: Candidate) => {
  const title = squash(slugify(result.title))
  return slugify(track.title).split("-").some((word) => word !== "" && title.includes(word))
}

export const spotdlScore = (track: WantedTrack, result: Candidate): number | null => {
  if (!sharesAWord(track, result)) return null
  const artist = artistMatch(track, result)
  const name = nameMatch(track, result)
  const time = track.durationSeconds !== null && result.durationSeconds !== null
    ? 100 * Math.exp(-0.1 * Math.abs(track.durationSeconds - result.durationSeconds))
    : null
  if (name <= 60 || artist < 70 || (time !== null && time < 25)) return null
  let score = (artist + name) / 2
  if (time !== null && score <= 85) score = (score + time) / 2
  return Math.min(score, 100)
}

/** The baseline's answer: a video id, or null for "no match". */
export const spotdlMatch = (track: WantedTrack, results: ReadonlyArray<Candidate>): string | null => {
  let best: { readonly id: string; readonly score: number } | null = null
  for (const result of results) {
    const score = spotdlScore(track, result)
    if (score === null) continue
    if (result.kind === "song" && score >= 80) return result.videoId
    if (best === null || score > best.score) best = { id: result.videoId, score }
  }
  return best?.id ?? null
}
