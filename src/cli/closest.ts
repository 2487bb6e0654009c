/** Levenshtein distance, for "did you mean". */
const editDistance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = here
    }
  }
  return row[b.length]!
}

/** The known name a typo most likely meant (at most two edits away), if any. */
export const closest = (typed: string, known: ReadonlyArray<string>): string | undefined =>
  known
    .map((name) => ({ name, distance: editDistance(typed.toLowerCase(), name.toLowerCase()) }))
    .filter((candidate) => candidate.distance <= 2)
    .sort((a, b) => a.distance - b.distance)[0]?.name

/** ` (did you mean "metadata"?)` when a known name is close to the typed one, else nothing. */
export const didYouMean = (typed: string, known: ReadonlyArray<string>): string => {
  const close = closest(typed, known)
  return close === undefined ? "" : ` (did you mean "${close}"?)`
}
