import { prepare, scoreCandidate } from "./score.ts"
import type { Candidate, Decision, Scored, WantedTrack } from "./types.ts"

/** A candidate needs this score to be accepted; below it the track is recorded as "no match". */
export const acceptAt = 70
/** A source whose best candidate reaches this needs no further source. */
export const confidentAt = 80

/**
 * Scores every candidate for the track and accepts the best one if it reaches `acceptAt`.
 * Pure and deterministic: ties keep the order the candidates came in (the search's own
 * ranking). `exclude` lists videos never to choose (known to be unavailable).
 */
export const decide = (
  track: WantedTrack,
  candidates: ReadonlyArray<Candidate>,
  exclude: ReadonlySet<string> = new Set()
): Decision => {
  const prepared = prepare(track)
  // A video found twice (a top-result card and a list item, say) counts as its best-read
  // listing: the card may lack the album the list item names.
  const bestOf = new Map<string, Scored>()
  for (const candidate of candidates) {
    if (exclude.has(candidate.videoId)) continue
    const scored = scoreCandidate(prepared, candidate)
    const before = bestOf.get(candidate.videoId)
    if (before === undefined || scored.total > before.total) bestOf.set(candidate.videoId, scored)
  }
  const ranked = [...bestOf.values()].sort((a, b) => b.total - a.total)
  const best = ranked[0] ?? null
  return { match: best !== null && best.score >= acceptAt ? best : null, best, ranked }
}
