export interface TrackNumber {
  readonly number: number
  readonly total: number
  /** Only when the positions say it ("2-05", "CD2-5"); vinyl sides (A1, B2) are not discs. */
  readonly disc: number | null
}

const discPosition = /^(?:CD|DVD|Disc|Disk)?\s*(\d+)\s*[-.]\s*(\d+)$/i

/**
 * Track and disc numbers for tags, from Discogs positions in release order. When every
 * position reads as disc-track, numbers count within each disc; otherwise the tracks are
 * numbered 1…N in order (what players show for "A1, A2, B1").
 */
export const trackNumbers = (positions: ReadonlyArray<string>): ReadonlyArray<TrackNumber> => {
  const parsed = positions.map((position) => discPosition.exec(position.trim()))
  if (parsed.length > 0 && parsed.every((match) => match !== null)) {
    const discs = parsed.map((match) => Number(match![1]))
    const perDisc = new Map<number, number>()
    for (const disc of discs) perDisc.set(disc, (perDisc.get(disc) ?? 0) + 1)
    const seen = new Map<number, number>()
    return discs.map((disc) => {
      const number = (seen.get(disc) ?? 0) + 1
      seen.set(disc, number)
      return { number, total: perDisc.get(disc)!, disc }
    })
  }
  return positions.map((_, i) => ({ number: i + 1, total: positions.length, disc: null }))
}
