import anyAscii from "any-ascii"

/**
 * Text as searches compare it: transliterated to ASCII by any-ascii (every script: "Sigur Rós"
 * → "sigur ros", "Ærosmith" → "aerosmith", "Москва" → "moskva"), lower case, punctuation as
 * spaces, spaces collapsed. "Mr. James Barth & A.D." and "mr james barth" meet.
 */
export const fold = (text: string): string =>
  anyAscii(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()

// Discogs files "The Persuader" as "Persuader, The": both spellings should find it.
const articleLast = /^(.*), (the|a|an|le|la|les|los|las|die|der|das|el|il)$/

/** The folded spellings a stored name can be searched by, e.g. "Persuader, The" → "persuader the", "the persuader". */
export const searchForms = (name: string): ReadonlyArray<string> => {
  const folded = fold(name)
  const moved = articleLast.exec(anyAscii(name).toLowerCase().trim())
  return moved === null ? [folded] : [folded, fold(`${moved[2]} ${moved[1]}`)]
}

/** Whether every word of the query appears, in order, in one of the name's forms. */
export const nameMatches = (query: string, name: string): boolean => {
  const wanted = fold(query)
  return wanted !== "" && searchForms(name).some((form) => ` ${form} `.includes(` ${wanted}`))
}
