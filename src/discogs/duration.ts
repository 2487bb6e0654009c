const DURATION = /^(\d+)\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2}))?$/

/**
 * Seconds of a Discogs track duration: "M:SS" or "H:MM:SS" (minutes may exceed 59 in the
 * two-part form, e.g. "75:12"). Single-digit seconds ("4:5") are accepted. Empty, negative,
 * fractional, out-of-range ("4:75") or otherwise unparseable input gives null.
 */
export const parseDuration = (input: string): number | null => {
  const match = DURATION.exec(input.trim())
  if (match === null) return null
  const [, a, b, c] = match
  const first = Number(a)
  const second = Number(b)
  if (c === undefined) {
    return second < 60 ? first * 60 + second : null
  }
  const third = Number(c)
  return second < 60 && third < 60 ? first * 3600 + second * 60 + third : null
}
