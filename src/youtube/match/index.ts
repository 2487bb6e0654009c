/**
 * The matcher: a pure function from a Discogs track and YouTube candidates to a decision
 * (the accepted video, or none) with every candidate's score and the reasons. It knows
 * nothing of HTTP or SQLite; docs/matching.md documents the scoring.
 */
export { acceptAt, confidentAt, decide } from "./decide.ts"
export { normalize } from "./normalize.ts"
export { points, prepare, scoreCandidate } from "./score.ts"
export type { Candidate, CandidateKind, CandidateSource, Decision, Scored, ScoreParts, WantedTrack } from "./types.ts"
