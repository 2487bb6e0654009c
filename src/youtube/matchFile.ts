import type { Decision } from "./match/index.ts"
import type { BestCandidate, ReleaseToMatch, StoredMatch } from "./store.ts"
import { trackTitle, wantedTrack } from "./wanted.ts"

/** The file written into each release folder: every track's decision, readable without the database. */
export const matchesFileName = "yt_matches.json"

const bestOf = (decision: Decision): BestCandidate | null => {
  const best = decision.best
  return best === null ? null : {
    video_id: best.candidate.videoId,
    title: best.candidate.title,
    channel: best.candidate.channel ?? (best.candidate.artists.join(", ") || null),
    score: best.score,
    notes: JSON.stringify(best.notes)
  }
}

/**
 * The release's decisions after this run: those made now (`fresh`), and the ones kept from
 * earlier runs or set by hand.
 */
export const matchesFile = (
  release: ReleaseToMatch,
  fresh: ReadonlyMap<number, { readonly row: Omit<StoredMatch, "track_id">; readonly decision: Decision }>,
  writtenAt: string
) => ({
  release_id: release.releaseId,
  title: release.title,
  written_at: writtenAt,
  tracks: release.tracks.map((track) => {
    const now = fresh.get(track.trackId)
    const row = now?.row ?? release.matches.get(track.trackId)
    const best = now ? bestOf(now.decision) : release.bestCandidates.get(track.trackId) ?? null
    const wanted = wantedTrack(track, release)
    const base = { position: track.position, title: trackTitle(track), artists: wanted.artists, duration_seconds: track.durationSeconds }
    if (row === undefined) return { ...base, decision: "undecided" as const }
    const video = row.video_id === null ? null : {
      video_id: row.video_id,
      url: row.video_url,
      title: row.video_title,
      channel: row.channel,
      duration_seconds: row.video_duration
    }
    return {
      ...base,
      decision: row.is_override === 1 ? "override" as const : video === null ? "no match" as const : "match" as const,
      source: row.source,
      score: row.score,
      video,
      ...(video === null && best !== null ? { best_candidate: { ...best, notes: JSON.parse(best.notes) as unknown } } : {}),
      ...(row.unavailable_reason === null ? {} : { unavailable: { reason: row.unavailable_reason, at: row.unavailable_at } }),
      decided_at: row.matched_at
    }
  })
})
