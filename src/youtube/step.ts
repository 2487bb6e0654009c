import { Effect } from "effect"
import { CrateConfig } from "../config/Config.ts"
import { nowIso } from "../engine/clock.ts"
import { paced } from "../engine/estimate.ts"
import * as Step from "../engine/Step.ts"
import { sweepDeadTemp } from "../library/files.ts"
import { StepError } from "../engine/StepError.ts"
import type { Decision } from "./match/index.ts"
import { matchRelease, tracksToDecide } from "./matchRelease.ts"
import { releaseItems } from "../library/releaseItems.ts"
import { forgetMatches, loadRelease, type NewDecision, type StoredMatch, trackCount, writeDecisions, youtubeDone } from "./store.ts"
import { writeMatchesFile } from "./writeMatchesFile.ts"
import { toStepError } from "./YouTubeError.ts"

/** Where a video is watched, on the configured YouTube (a loopback fake in tests and the demo). */
export const watchUrl = (baseUrl: string, videoId: string) => `${baseUrl}/watch?v=${encodeURIComponent(videoId)}`

const matchRow = (decision: Decision, baseUrl: string, at: string): NewDecision["match"] => {
  const chosen = decision.match?.candidate
  return {
    video_id: chosen?.videoId ?? null,
    video_url: chosen ? watchUrl(baseUrl, chosen.videoId) : null,
    video_title: chosen?.title ?? null,
    channel: chosen ? chosen.channel ?? (chosen.artists.join(", ") || null) : null,
    video_duration: chosen?.durationSeconds == null ? null : Math.round(chosen.durationSeconds),
    // "No match" keeps the best candidate's score, and where that candidate came from.
    score: decision.match?.score ?? decision.best?.score ?? null,
    source: chosen?.source ?? decision.best?.candidate.source ?? null,
    matched_at: at
  }
}

/**
 * Phase 2: finds, for every track of every synced release, the YouTube video that carries
 * that recording (or records "no match" with the best score), writes yt_matches.json into
 * the release folder, and sets `youtube_matched` once every track has a decision.
 */
export const youtube = Step.make({
  name: "youtube",
  description: "match every track to a YouTube video",
  dependsOn: [],
  version: 1,
  concurrency: 2,
  title: "YouTube",
  items: releaseItems,
  done: youtubeDone,
  reset: forgetMatches,
  // yt_matches.json is written through the library's temp folder: clear what dead runs left there.
  preflight: Effect.flatMap(CrateConfig, (config) => sweepDeadTemp(config.library)),
  // An upper bound: a track matched among the release's own Discogs videos needs no search.
  estimate: (releaseIds) =>
    Effect.gen(function*() {
      const config = yield* CrateConfig
      const estimate = paced(yield* trackCount(releaseIds), config.youtube.requestsPerMinute, "searches")
      return { ...estimate, basis: `up to ${estimate.basis}` }
    }),
  run: (releaseId, context) =>
    Effect.gen(function*() {
      const config = yield* CrateConfig
      const release = yield* Effect.mapError(loadRelease(releaseId), StepError.database)
      if (release === undefined) return yield* StepError.permanent("NotFound", `release ${releaseId} is not in the database: sync it first (crate run metadata)`)
      const selection = context.selection

      const decided = yield* Effect.mapError(matchRelease(release, tracksToDecide(release, selection.refresh), context), toStepError)
      const at = yield* nowIso
      const decisions: Array<NewDecision> = decided.map(({ track, decision, queries }) => {
        const previous = release.matches.get(track.trackId)
        return {
          trackId: track.trackId,
          match: matchRow(decision, config.youtube.baseUrl, at),
          ranked: decision.ranked,
          queries,
          replacedUnavailable: previous?.video_id != null && previous.unavailable_reason !== null
            ? { videoId: previous.video_id, reason: previous.unavailable_reason, at: previous.unavailable_at ?? at }
            : undefined
        }
      })

      const fresh = new Map(decided.map(({ track, decision }, i) => {
        const row: Omit<StoredMatch, "track_id"> = { ...decisions[i]!.match, is_override: 0, unavailable_reason: null, unavailable_at: null }
        return [track.trackId, { row, decision }] as const
      }))
      yield* writeMatchesFile(release, fresh, at).pipe(
        Effect.mapError((error) =>
          error._tag === "SqlError"
            ? StepError.database(error)
            : error.isFatal ? StepError.fatal("Files", error.message) : StepError.transient("Files", error.message))
      )
      return writeDecisions(releaseId, decisions, at)
    })
})
