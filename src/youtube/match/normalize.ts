/**
 * Text as the matcher compares it: lower case, no accents, no punctuation, one space
 * between words. Letters of every script are kept (Cyrillic, Hebrew, CJK compare as
 * themselves), and letters that Unicode does not decompose (ø, ł, ß…) are spelled out.
 */
const spelledOut: Readonly<Record<string, string>> = {
  "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ı": "i"
}

/** Abbreviations written out, so that "Pt. 1" and "Part 1" are the same words. */
const writtenOut: Readonly<Record<string, string>> = { pt: "part", pts: "parts" }

export const normalize = (text: string): string =>
  text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[øłđßæœþðı]/g, (c) => spelledOut[c] ?? c)
    .replace(/&/g, " and ")
    // "Don't" → "dont", not "don t".
    .replace(/['’‘`´]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .map((word) => writtenOut[word] ?? word)
    .join(" ")

export const words = (text: string): ReadonlyArray<string> => {
  const normal = normalize(text)
  return normal === "" ? [] : normal.split(" ")
}

/** "Artist (2)" → "Artist"; "Persuader, The" → "The Persuader": how Discogs names differ from how people write them. */
export { readingOrder as artistName } from "../../library/releaseFolder.ts"

const featPattern = /\s*[([]\s*(?:feat\.?|ft\.?|featuring|with)\s+([^)\]]*)[)\]]|\s+(?:feat\.?|ft\.?|featuring)\s+(.*?)(?=\s+[-–([]|$)/gi

/**
 * Splits "Title (feat. X & Y)" / "Title feat. X" / "Title (with X)" into the title without
 * the credit and the credited names.
 */
export const splitFeaturing = (title: string): { readonly title: string; readonly featured: ReadonlyArray<string> } => {
  const featured: Array<string> = []
  const rest = title.replace(featPattern, (_all, inBrackets: string | undefined, bare: string | undefined) => {
    const names = inBrackets ?? bare ?? ""
    featured.push(...names.split(/\s*(?:,|&|\band\b|\bx\b|\bund\b)\s*/i).filter((name) => name.trim() !== ""))
    return ""
  })
  return { title: rest.trim(), featured }
}

const remaster = String.raw`(?:\d{4}\s+)?(?:digital(?:ly)?\s+)?(?:re-?)?master(?:ed)?(?:\s+(?:in\s+)?\d{4})?(?:\s+(?:version|edition))?`
const remasterTag = new RegExp(String.raw`\s*[([]\s*${remaster}\s*[)\]]|\s+[-–]\s+${remaster}\s*$`, "gi")

/**
 * The title without a remaster tag: "Bigmouth Strikes Again - 2011 Remaster", "(2017 Master)",
 * "(Remastered 1999)" are the same recording, and the year in them names no other song.
 */
export const withoutRemasterTag = (title: string): string => title.replace(remasterTag, "").trim() || title

/** The title without any bracketed part: "Twinbow (Jauz Remix) [Live]" → "Twinbow". */
export const withoutBrackets = (title: string): string =>
  title.replace(/\s*[([{][^)\]}]*[)\]}]/g, " ").replace(/\s+/g, " ").trim()

/** Whether `phrase` (normalised, one or more words) occurs in `text` (normalised) as whole words. */
export const hasPhrase = (text: string, phrase: string): boolean =>
  phrase !== "" && ` ${text} `.includes(` ${phrase} `)
