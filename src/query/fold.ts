/** Letters that Unicode does not decompose into a base letter plus a mark. */
const special: Readonly<Record<string, string>> = {
  ø: "o", æ: "ae", œ: "oe", ß: "ss", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i", ħ: "h", ŧ: "t"
}

/**
 * Text as searches compare it: no accents, lower case, punctuation as spaces, spaces
 * collapsed. "Sigur Rós" and "sigur ros", "Mr. James Barth & A.D." and "mr james barth" meet.
 */
export const fold = (text: string): string =>
  text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[øæœßłđðþıħŧ]/g, (char) => special[char] ?? char)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()

// Discogs files "The Persuader" as "Persuader, The": both spellings should find it.
const articleLast = /^(.*), (the|a|an|le|la|les|los|las|die|der|das|el|il)$/

/** The folded spellings a stored name can be searched by, e.g. "Persuader, The" → "persuader the", "the persuader". */
export const searchForms = (name: string): ReadonlyArray<string> => {
  const folded = fold(name)
  const moved = articleLast.exec(name.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase().trim())
  return moved === null ? [folded] : [folded, fold(`${moved[2]} ${moved[1]}`)]
}

/** Whether every word of the query appears, in order, in one of the name's forms. */
export const nameMatches = (query: string, name: string): boolean => {
  const wanted = fold(query)
  return wanted !== "" && searchForms(name).some((form) => ` ${form} `.includes(` ${wanted}`))
}
