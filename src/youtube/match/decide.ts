import { prepare, scoreCandidate } from "./score.ts"
import type { Candidate, Decision, WantedTrack } from "./types.ts"

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
  const seen = new Set<string>()
  const ranked = candidates
    .filter((candidate) => {
      if (exclude.has(candidate.videoId) || seen.has(candidate.videoId)) return false
      seen.add(candidate.videoId)
      return true
    })
    .map((candidate) => scoreCandidate(prepared, candidate))
    .sort((a, b) => b.total - a.total)
  const best = ranked[0] ?? null
  return { match: best !== null && best.score >= acceptAt ? best : null, best, ranked }
}
