import anyAscii from "any-ascii"
import { artistName, hasPhrase, normalize, splitFeaturing, withoutBrackets, withoutRemasterTag, words } from "./normalize.ts"
import { sameConsonants } from "./consonants.ts"
import { containment, sameWord } from "./similarity.ts"
import type { Candidate, Scored, WantedTrack } from "./types.ts"
import { isNumberWord, liveWords, mildWords, noiseWords, otherVersionWords, sameVersion, usualVersionPhrases, versionWords } from "./words.ts"

/** The points each signal can give; a candidate needs `acceptAt` in all (see docs/matching.md). */
export const points = {
  title: 60,
  /** The main artist credited in the artist fields, the channel or the title. */
  mainArtist: 25,
  otherArtist: 20,
  /** Only the release's artist, the track having its own. */
  releaseArtist: 12,
  /** Named only in the description (Discogs lists it for its videos). */
  artistInDescription: 15,
  /** YouTube shows no artist at all (a bare top-result card): not evidence either way. */
  artistUnknown: 8,
  /** The track has no credited artist. */
  noArtistWanted: 12,
  official: 6,
  /** Listed on the track's own album: a compilation or a reissue may carry another master. */
  ownAlbum: 4,
  otherVersion: -35,
  liveAlbum: -20,
  lyrics: -4,
  missingVersion: -25,
  /** A number of the track title ("Vol. 2", "Part 1", "No. 5") the candidate lacks. */
  missingNumber: -25,
  /** Each word in brackets the track title lacks ("(just SZA)", "(Old Grey Whistle Test)"): another version. */
  qualifier: -20,
  /** The titles are less than `minTitleAlike` alike: another song, however well the rest fits. */
  titleTooDifferent: -40,
  /** A YouTube Music song credited to other artists: a cover or a tribute. */
  creditedToOthers: -25,
  /** The candidate names artists, none of them the track's: only overwhelming other evidence makes up for it. */
  artistNotFound: -15,
  /** One of the artists, written in Hebrew or Arabic letters on one side and Latin on the other, has the same consonants. */
  consonants: 20,
  /** The artist cannot be read across scripts, but the album is the release and the length the track's. */
  albumAndLength: 20
} as const

export const minTitleAlike = 0.7

/** Duration distance → points; distances are scaled down for tracks over 400 s. */
const durationPoints = (distance: number): number =>
  distance <= 3 ? 15 : distance <= 7 ? 8 : distance <= 15 ? 0 : distance <= 30 ? -20 : -45

/** A track prepared once for scoring all its candidates, as it is written. */
export interface PreparedTitle {
  readonly track: WantedTrack
  /** Normalised title without featuring credits. */
  readonly full: string
  /** …and without bracketed parts. */
  readonly core: string
  /** Normalised names: credited artists (main first) and featured ones. */
  readonly artists: ReadonlyArray<string>
  readonly releaseArtists: ReadonlyArray<string>
  /** Numbers in the track title: they name which one it is. */
  readonly numbers: ReadonlyArray<string>
  /** Words that may appear in a candidate title without counting as extra. */
  readonly known: ReadonlySet<string>
  /** The words of the track title. */
  readonly titleWords: ReadonlySet<string>
  /** `full` and `core` without noise words and numbers, to compare with a candidate's own words. */
  readonly fullOwn: string
  readonly coreOwn: string
  /** Version words of the track's own title ("instrumental", "mix"). */
  readonly versions: ReadonlyArray<string>
  readonly liveAlbum: boolean
}

/** …with the other ways to read it. */
export interface PreparedTrack extends PreparedTitle {
  /** Each half of a bilingual "A = B" title, scored as a title of its own. */
  readonly halves: ReadonlyArray<PreparedTitle>
  /** The track in Latin letters (any-ascii), for candidates written in another script than it. */
  readonly latin: PreparedTitle
}

/** Letters of a script other than Latin: Cyrillic, Greek, Hebrew, Arabic, CJK, Hangul… */
const otherScript = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u

const latinTrack = (track: WantedTrack): WantedTrack => ({
  ...track,
  title: anyAscii(track.title),
  artists: track.artists.map(anyAscii),
  releaseArtists: (track.releaseArtists ?? []).map(anyAscii),
  album: track.album === null ? null : anyAscii(track.album)
})

const latinCandidate = (candidate: Candidate): Candidate => ({
  ...candidate,
  title: anyAscii(candidate.title),
  artists: candidate.artists.map(anyAscii),
  channel: candidate.channel === null ? null : anyAscii(candidate.channel),
  album: candidate.album === null ? null : anyAscii(candidate.album),
  description: candidate.description === null ? null : anyAscii(candidate.description.slice(0, 500))
})

export const prepare = (track: WantedTrack): PreparedTrack => {
  const halves = track.title.includes(" = ")
    ? track.title.split(" = ").filter((half) => half.trim() !== "").map((half) => prepareAsWritten({ ...track, title: half.trim() }))
    : []
  const asWritten = prepareAsWritten(track)
  const latin = prepareAsWritten(latinTrack(track))
  return { ...asWritten, halves, latin }
}

const prepareAsWritten = (track: WantedTrack): PreparedTitle => {
  const { title, featured } = splitFeaturing(withoutRemasterTag(track.title))
  const full = normalize(title)
  const core = normalize(withoutBrackets(title)) || full
  const names = (list: ReadonlyArray<string>) => list.map(artistName).map(normalize).filter((name) => name !== "")
  const artists = [...new Set(names([...track.artists, ...featured]))]
  const releaseArtists = names(track.releaseArtists ?? []).filter((name) => !artists.includes(name))
  const known = new Set([
    ...words(title),
    ...[...artists, ...releaseArtists].flatMap((name) => name.split(" ")),
    ...words(track.album ?? ""),
    ...(track.releaseWords ?? []).flatMap((word) => words(artistName(word)))
  ])
  const versions = versionWords.filter((word) => hasPhrase(withoutUsualPhrases(full), word))
  const own = (text: string) => text.split(" ").filter((word) => !isNoise(word)).join(" ") || text
  return {
    track,
    full,
    core,
    artists,
    releaseArtists,
    numbers: [...new Set(words(title).filter(isNumberWord))],
    known,
    titleWords: new Set(words(title)),
    fullOwn: own(full),
    coreOwn: own(core),
    versions,
    liveAlbum: hasPhrase(normalize(track.album ?? ""), "live")
  }
}

const harmonic = (a: number, b: number) => (a + b === 0 ? 0 : (2 * a * b) / (a + b))

const isKnown = (prepared: PreparedTitle, word: string) =>
  prepared.known.has(word) || [...prepared.known].some((known) => sameWord(word, known))

const isNoise = (word: string) => noiseWords.has(word) || isNumberWord(word) || mildWords.includes(word)

/**
 * The part of an "Artist - Title" video title that is about the track: a segment naming one
 * of the artists and not the track is dropped, brackets and all ("The Persuader (Jesper
 * Dahlbäck) - Östermalm" → "Östermalm").
 */
const titlePart = (prepared: PreparedTitle, candidateTitle: string): string => {
  const segments = candidateTitle.split(/\s+[-–—|ǀ•]\s+|\s*[|ǀ]\s*/).filter((segment) => segment.trim() !== "")
  if (segments.length < 2) return candidateTitle
  const names = [...prepared.artists, ...prepared.releaseArtists]
  const kept = segments.filter((segment) => {
    const text = normalize(segment)
    return !names.some((name) => mentions(text, name)) || containment(prepared.core, text) >= 0.5
  })
  return kept.length > 0 ? kept.join(" - ") : candidateTitle
}

/**
 * The candidate title's own words: without the artists' names ("Oliver Tree - Oliver" →
 * "oliver"), noise, numbers, and the artists' and album's other words (unless the track
 * title has them too: a song called "Mata" by Mata).
 */
const ownWords = (prepared: PreparedTitle, candidateTitle: string): ReadonlyArray<string> => {
  const title = withoutNames(normalize(titlePart(prepared, candidateTitle)), [...prepared.artists, ...prepared.releaseArtists])
  return title.split(" ").filter((word) =>
    word !== "" && !isNoise(word) && (prepared.titleWords.has(word) || !isKnown(prepared, word)))
}

/** Normalised words inside the candidate title's brackets; "(Original Mix)", "(Digital Remaster)" name the usual version and are left out. */
const bracketed = (title: string): ReadonlyArray<string> =>
  [...title.matchAll(/[([{]([^)\]}]*)[)\]}]/g)].flatMap((m) => words(withoutUsualPhrases(normalize(m[1] ?? ""))))

const withoutUsualPhrases = (text: string) => {
  let rest = ` ${text} `
  for (const phrase of usualVersionPhrases) rest = rest.replace(` ${phrase} `, " ")
  return rest.trim()
}

const compact = (text: string) => text.replace(/ /g, "")

/** Whether a normalised name occurs in a normalised text: as whole words, or (long names) fused or slightly misspelt. */
const mentions = (text: string, name: string): boolean => {
  if (text === "" || name === "") return false
  if (hasPhrase(text, name)) return true
  // "The Persuader" is often written "Persuader".
  if (name.startsWith("the ") && hasPhrase(text, name.slice(4))) return true
  if (name.length < 5) return false
  return compact(text).includes(compact(name)) || containment(name, text) >= 0.85
}

const channelName = (channel: string | null) =>
  normalize((channel ?? "").replace(/\s*-\s*topic$/i, "").replace(/vevo$/i, ""))

const artistScore = (prepared: PreparedTitle, candidate: Candidate, title: string): { readonly points: number; readonly note?: string } => {
  const [main] = prepared.artists
  if (main === undefined) return { points: points.noArtistWanted }
  const fields = normalize(candidate.artists.join(" , "))
  const channel = channelName(candidate.channel)
  const inFields = (name: string) => mentions(fields, name) || mentions(channel, name)
  const releaseOnly = { points: points.releaseArtist, note: "only the release's artist named" }
  if (inFields(main)) return { points: points.mainArtist }
  if (prepared.artists.some(inFields)) return { points: points.otherArtist }
  if (prepared.releaseArtists.some(inFields)) return releaseOnly
  const shown = [...candidate.artists, candidate.channel ?? ""].filter((name) => name !== "")
  const alike = prepared.artists.find((name) => shown.some((other) => sameConsonants(name, other)))
  if (alike !== undefined) return { points: points.consonants, note: `artist's consonants agree ("${alike}")` }
  if (albumAndLengthAgree(prepared, candidate)) return { points: points.albumAndLength, note: "artist in another script; album and length agree" }
  // A YouTube Music song's artists are its credits: naming the artist in the title of
  // someone else's song is what covers and tributes do ("On My Way (Alan Walker)" by Rousseau).
  if (candidate.kind === "song" && candidate.artists.length > 0) {
    return { points: points.creditedToOthers, note: `credited to ${candidate.artists.join(", ")}` }
  }
  if (mentions(title, main)) return { points: points.mainArtist }
  if (prepared.artists.some((name) => mentions(title, name))) return { points: points.otherArtist }
  if (prepared.releaseArtists.some((name) => mentions(title, name))) return releaseOnly
  const description = normalize((candidate.description ?? "").slice(0, 500))
  if (prepared.artists.some((name) => mentions(description, name))) return { points: points.artistInDescription, note: "artist named in the description only" }
  if (candidate.artists.length === 0 && channel === "") return { points: points.artistUnknown, note: "no artist shown" }
  return { points: points.artistNotFound, note: "artist not found" }
}

/**
 * Evidence when the artist cannot be read (credited in another script than the track's: "Avi
 * Aburomi" and "אבי אבורומי", which no transliteration of unvowelled Hebrew brings together):
 * the candidate's album is the release, word for word, and its length is the track's within 2 s.
 */
const albumAndLengthAgree = (prepared: PreparedTitle, candidate: Candidate): boolean => {
  const wanted = prepared.track
  if (wanted.album === null || candidate.album === null || wanted.durationSeconds === null || candidate.durationSeconds === null) return false
  const scripts = (texts: ReadonlyArray<string>) => texts.some((text) => otherScript.test(text))
  return scripts(candidate.artists) !== scripts(wanted.artists) &&
    normalize(candidate.album) === normalize(wanted.album) && Math.abs(candidate.durationSeconds - wanted.durationSeconds) <= 2
}

/** The word and those naming the same version ("mix": "remix", "version"). */
const equivalents = (word: string): ReadonlyArray<string> => {
  const group = sameVersion.find((set) => set.has(word))
  return group === undefined ? [word] : [...group]
}

/** Scripts written without spaces between words: a version word is found anywhere in the text. */
const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u

const hasVersionWord = (text: string, word: string) => (unspaced.test(word) ? text.includes(word) : hasPhrase(text, word))

const withoutNames = (text: string, names: ReadonlyArray<string>) => {
  let rest = ` ${text} `
  for (const name of [...names].sort((a, b) => b.length - a.length)) rest = rest.replaceAll(` ${name} `, " ")
  return rest.trim()
}

/**
 * The words of another version in a text, each once (the longest phrase kept: "live at", not
 * "live" too), leaving out those the track's title names, the version of the track itself
 * ("Extended Mix" accepts a "Remix" or "Version"), and live words on a live release.
 */
const versionWordsIn = (prepared: PreparedTitle, text: string): ReadonlyArray<string> => {
  const found: Array<string> = []
  for (const word of otherVersionWords) {
    if (!hasVersionWord(text, word) || hasVersionWord(prepared.full, word)) continue
    if (prepared.liveAlbum && liveWords.has(word)) continue
    if (equivalents(word).some((same) => prepared.versions.includes(same))) continue
    if (found.some((other) => hasPhrase(word, other) || hasPhrase(other, word))) continue
    found.push(word)
  }
  return found
}

/** The candidate's album is the track's, or that album's edition ("The Queen Is Dead (Deluxe Edition)"). */
const isOnOwnAlbum = (prepared: PreparedTitle, candidate: Candidate): boolean => {
  const wanted = normalize(prepared.track.album ?? "")
  const album = normalize(candidate.album ?? "")
  return wanted !== "" && album !== "" && (album === wanted || normalize(withoutBrackets(candidate.album ?? "")) === wanted)
}

const isOfficialAudio = (candidate: Candidate) =>
  candidate.kind === "song" ||
  candidate.musicVideoType === "MUSIC_VIDEO_TYPE_ATV" ||
  /\s-\sTopic$/i.test(candidate.channel ?? "") ||
  /^\s*Provided to YouTube by\b/i.test(candidate.description ?? "")

/**
 * Scores one candidate for one track, 0–100. Pure. The parts (title, artist, duration,
 * official audio, penalties) and a note for each thing that cost points are kept, so that a
 * decision can be explained. docs/matching.md describes every rule.
 *
 * The best of several readings counts: the texts as written; each half of an "A = B" title;
 * and, when either side is written in another script than Latin, both sides in Latin letters
 * (Discogs often credits "Potap i Nastya" where YouTube says "Потап и Настя").
 */
export const scoreCandidate = (prepared: PreparedTrack, listed: Candidate): Scored => {
  const candidate = asCompared(listed)
  const texts = [prepared.track.title, ...prepared.track.artists, candidate.title, ...candidate.artists, candidate.channel ?? ""]
  const latin = texts.some((text) => otherScript.test(text)) ? latinCandidate(candidate) : null
  // Words of another version found in any reading count in every one: a reading in Latin
  // letters must not lose the Hebrew "קריוקי" (karaoke) of the title as written.
  const found = [versionHits(prepared, candidate), ...prepared.halves.map((half) => versionHits(half, candidate)),
    ...(latin === null ? [] : [versionHits(prepared.latin, latin)])]
  const hits = { inTitle: unique(found.flatMap((hit) => hit.inTitle)), inUploader: unique(found.flatMap((hit) => hit.inUploader)) }
  const readings = [scoreAsWritten(prepared, candidate, hits), ...prepared.halves.map((half) => scoreAsWritten(half, candidate, hits))]
  if (latin !== null) {
    const scored = scoreAsWritten(prepared.latin, latin, hits)
    readings.push({ ...scored, notes: [...scored.notes, "compared in Latin letters"] })
  }
  const best = readings.reduce((next, other) => (other.total > next.total ? other : next))
  return { ...best, candidate: listed }
}

/**
 * The candidate as compared: "Song (feat. Name)" by Artist is Song by Artist and Name
 * (YouTube Music moves featured artists into the title where Discogs credits them, or the
 * reverse), and a remaster tag is set aside, as it is from the track's title.
 */
const asCompared = (candidate: Candidate): Candidate => {
  const { title, featured } = splitFeaturing(withoutRemasterTag(candidate.title))
  return title === "" ? candidate : { ...candidate, title, artists: [...candidate.artists, ...featured] }
}

const unique = <A>(values: ReadonlyArray<A>): ReadonlyArray<A> => [...new Set(values)]

interface VersionHits {
  readonly inTitle: ReadonlyArray<string>
  readonly inUploader: ReadonlyArray<string>
}

/**
 * Words of another version count wherever they stand — the title, the uploader's name, the
 * credited artists — except inside the track's own artists' names (a band called Live).
 */
const versionHits = (prepared: PreparedTitle, candidate: Candidate): VersionHits => {
  const names = [...prepared.artists, ...prepared.releaseArtists]
  const inTitle = versionWordsIn(prepared, withoutNames(normalize(candidate.title), names))
  const inUploader = versionWordsIn(prepared, withoutNames(normalize([candidate.channel ?? "", ...candidate.artists].join(" , ")), names))
    .filter((word) => !inTitle.includes(word))
  return { inTitle, inUploader }
}

const scoreAsWritten = (prepared: PreparedTitle, candidate: Candidate, hits: VersionHits): Scored => {
  const notes: Array<string> = []
  const title = normalize(candidate.title)

  // Title: the track title found in the candidate's, and what the candidate's title says
  // beyond artists, album and noise found in the track's (two-sided, so "Man" ≠ "Piano Man").
  const contain = Math.max(
    containment(prepared.full, title),
    prepared.core === prepared.full ? 0 : 0.92 * containment(prepared.core, title)
  )
  const own = ownWords(prepared, candidate.title)
  const rest = own.join(" ")
  const reverse = rest === "" ? contain : Math.max(containment(rest, prepared.fullOwn), containment(rest, prepared.coreOwn))
  const alike = harmonic(contain, reverse)
  const titlePoints = points.title * alike
  if (alike < 0.8) notes.push(`title differs (${Math.round(alike * 100)}% alike)`)
  const extra = own.filter((word) => !isKnown(prepared, word))
  if (extra.length > 0) notes.push(`title adds "${extra.slice(0, 5).join(" ")}${extra.length > 5 ? " …" : ""}"`)

  const artist = artistScore(prepared, candidate, title)
  if (artist.note) notes.push(artist.note)

  let duration: number | null = null
  const wanted = prepared.track.durationSeconds
  const longest = prepared.track.longestOnRelease ?? null
  if (wanted !== null && candidate.durationSeconds !== null) {
    const distance = Math.abs(wanted - candidate.durationSeconds)
    duration = durationPoints(distance / Math.max(1, wanted / 400))
    if (duration < 0) notes.push(`duration differs by ${Math.round(distance)} s`)
  } else if (wanted === null && longest !== null && candidate.durationSeconds !== null && candidate.durationSeconds > Math.max(1.5 * longest, longest + 120)) {
    // No duration for this track, but its release's tracks are none this long: a whole side or the album.
    duration = durationPoints(Number.POSITIVE_INFINITY)
    notes.push(`longer than any track of the release (${Math.round(candidate.durationSeconds / 60)} min)`)
  }

  const onOwnAlbum = isOnOwnAlbum(prepared, candidate)
  if (onOwnAlbum) notes.push("on the track's own album")
  const official = (isOfficialAudio(candidate) ? points.official : 0) + (onOwnAlbum ? points.ownAlbum : 0)

  // The title is what identifies a recording: the right artist and length cannot make up for another title.
  let penalties = alike < minTitleAlike ? points.titleTooDifferent : 0
  const { inTitle, inUploader } = hits
  const hit = [...inTitle, ...inUploader]
  if (hit.length > 0) {
    penalties += Math.max(2 * points.otherVersion, points.otherVersion * hit.length)
    if (inTitle.length > 0) notes.push(`title has ${inTitle.map((word) => `"${word}"`).join(", ")}`)
    if (inUploader.length > 0) notes.push(`uploader or artist has ${inUploader.map((word) => `"${word}"`).join(", ")}`)
  }
  if (!prepared.liveAlbum && hit.length === 0 && !hasPhrase(prepared.full, "live") && hasPhrase(normalize(candidate.album ?? ""), "live")) {
    penalties += points.liveAlbum
    notes.push(`from the live album "${candidate.album}"`)
  }
  if (mildWords.some((word) => hasPhrase(title, word) && !hasPhrase(prepared.full, word))) {
    penalties += points.lyrics
    notes.push("a lyrics video")
  }
  const qualifiers = bracketed(titlePart(prepared, candidate.title)).filter((word) => !isKnown(prepared, word) && !isNoise(word))
  if (qualifiers.length > 0 && hit.length === 0) {
    penalties += Math.max(2 * points.qualifier, points.qualifier * qualifiers.length)
    notes.push(`a version "(${qualifiers.slice(0, 4).join(" ")})" the track title does not name`)
  }
  const absentNumbers = prepared.numbers.filter((number) => !hasPhrase(title, number))
  if (absentNumbers.length > 0) {
    penalties += Math.max(2 * points.missingNumber, points.missingNumber * absentNumbers.length)
    notes.push(`title lacks the number ${absentNumbers.map((number) => `"${number}"`).join(", ")}`)
  }
  const missing = prepared.versions.filter((word) => !equivalents(word).some((same) => hasPhrase(title, same)))
  if (missing.length > 0) {
    penalties += Math.max(2 * points.missingVersion, points.missingVersion * missing.length)
    notes.push(`title lacks ${missing.map((word) => `"${word}"`).join(", ")}`)
  }

  const total = titlePoints + artist.points + (duration ?? 0) + official + penalties
  const round = (n: number) => Math.round(n * 10) / 10
  return {
    candidate,
    score: round(Math.min(100, Math.max(0, total))),
    total: round(total),
    parts: { title: round(titlePoints), artist: artist.points, duration, official, penalties },
    notes
  }
}
