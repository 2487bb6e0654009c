import Fuse from "fuse.js"

const options = {
  includeScore: true,
  // Where the pattern occurs in the text does not matter, nor how long the text is.
  ignoreLocation: true,
  ignoreFieldNorm: true,
  threshold: 1
} as const

/**
 * How well `pattern` occurs in `text`, 0–1, both normalised: fuse.js's Bitap score, which
 * counts the edits needed to find the pattern inside the text (1: found as is). It measures
 * containment, not equality: "piano man" is fully in "piano man the old grey whistle test";
 * the words the text adds are judged apart.
 */
export const containment = (pattern: string, text: string): number => {
  if (pattern === "" || text === "") return 0
  if (text.includes(pattern)) return 1
  const [hit] = new Fuse([text], options).search(pattern)
  return hit?.score === undefined ? 0 : Math.max(0, 1 - hit.score)
}

/** Two words are the same word misspelt ("ouverture"/"overture", "gioachino"/"gioacchino"). */
export const sameWord = (a: string, b: string): boolean =>
  a === b || (a.length >= 5 && b.length >= 5 && Math.min(containment(a, b), containment(b, a)) >= 0.75)
