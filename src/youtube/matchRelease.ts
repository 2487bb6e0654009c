import { Duration, Effect } from "effect"
import type { StepContext } from "../engine/Step.ts"
import { discogsCandidates } from "./discogsVideos.ts"
import { acceptAt, type Candidate, confidentAt, decide, type Decision, normalize, prepare, scoreCandidate } from "./match/index.ts"
import type { ReleaseToMatch } from "./store.ts"
import { searchQuery, type TrackInfo, trackTitle, wantedTrack } from "./wanted.ts"
import { isBlocked, YouTubeError } from "./YouTubeError.ts"
import { type SearchKind, YouTubeSearch } from "./YouTubeSearch.ts"

/** After this many cool-downs in a row for one search, the step gives up for this run. */
const maxPauses = 2

const sources: ReadonlyArray<SearchKind> = ["songs", "videos", "web"]
const sourceLabel: Readonly<Record<SearchKind, string>> = {
  songs: "YouTube Music songs",
  videos: "YouTube Music videos",
  web: "YouTube"
}

export interface TrackDecision {
  readonly track: TrackInfo
  readonly decision: Decision
  /** The search that found each candidate; Discogs videos have none. */
  readonly queries: ReadonlyMap<string, string>
}

/**
 * The tracks this run decides: those without a decision, those whose video the audio step
 * found unavailable, and all of them on `--refresh` or when `youtube_matched` was reset to 0
 * on a release whose tracks all have decisions. Overrides never.
 */
export const tracksToDecide = (release: ReleaseToMatch, refresh: boolean): ReadonlyArray<TrackInfo> => {
  const decided = release.tracks.filter((track) => release.matches.has(track.trackId))
  const redoAll = refresh ||
    (!release.matched && decided.length === release.tracks.length && decided.some((track) => release.matches.get(track.trackId)?.is_override === 0))
  return release.tracks.filter((track) => {
    const match = release.matches.get(track.trackId)
    if (match === undefined) return true
    if (match.is_override === 1) return false
    return redoAll || match.unavailable_reason !== null
  })
}

/**
 * Two tracks of one package that are the same recording — the LP's A1 and the CD's 1, say —
 * may share a video: same title, and the same length where Discogs gives both.
 */
export const sameRecording = (a: TrackInfo, b: TrackInfo): boolean =>
  normalize(trackTitle(a)) === normalize(trackTitle(b)) &&
  (a.durationSeconds === null || b.durationSeconds === null || Math.abs(a.durationSeconds - b.durationSeconds) <= 3)

/** The videos `track` may not take: gone for good, or held by a track that is not the same recording. */
const heldFrom = (track: TrackInfo, unavailable: ReadonlySet<string>, holders: ReadonlyMap<string, ReadonlyArray<TrackInfo>>) =>
  new Set([...unavailable, ...[...holders].filter(([, held]) => held.some((other) => !sameRecording(other, track))).map(([videoId]) => videoId)])

const hold = (holders: Map<string, Array<TrackInfo>>, videoId: string, track: TrackInfo) => holders.set(videoId, [...(holders.get(videoId) ?? []), track])

/**
 * Gives each Discogs video to at most one track (or the tracks of one recording): the
 * best-scoring (track, video) pairs first, each accepted pair taking both out, so two
 * different tracks never share a video.
 */
const assignDiscogsVideos = (release: ReleaseToMatch, tracks: ReadonlyArray<TrackInfo>, videos: ReadonlyArray<Candidate>) => {
  const pairs = tracks.flatMap((track) => {
    const prepared = prepare(wantedTrack(track, release))
    return videos.map((video) => {
      const scored = scoreCandidate(prepared, video)
      return { trackId: track.trackId, videoId: video.videoId, score: scored.score, total: scored.total }
    })
  }).filter((pair) => pair.score >= acceptAt).sort((a, b) => b.total - a.total)
  const byTrack = new Map<number, string>()
  const taken = new Map<string, Array<TrackInfo>>()
  for (const pair of pairs) {
    const track = tracks.find((t) => t.trackId === pair.trackId)!
    if (byTrack.has(pair.trackId) || (taken.get(pair.videoId) ?? []).some((other) => !sameRecording(other, track))) continue
    byTrack.set(pair.trackId, pair.videoId)
    hold(taken, pair.videoId, track)
  }
  return { byTrack, taken }
}

/** One search; when YouTube wants a break, the whole step pauses (said once) and the search is asked again. */
const searchPausing = (query: string, kind: SearchKind, context: StepContext) =>
  Effect.gen(function*() {
    const youtube = yield* YouTubeSearch
    const attempt = (pauses: number): Effect.Effect<ReadonlyArray<Candidate>, YouTubeError> =>
      youtube.search(query, kind).pipe(
        Effect.catchIf((error) => isBlocked(error) && pauses < maxPauses, (error) =>
          Effect.gen(function*() {
            if (yield* youtube.pause) {
              yield* context.notice(`${error.message}: pausing every YouTube search for ${Duration.format(youtube.cooldown)}`)
            }
            return yield* attempt(pauses + 1)
          }))
      )
    return yield* attempt(0)
  })

/**
 * Decides the given tracks of a release, in order: the release's own Discogs videos first
 * (taken when one fits), then YouTube Music songs, YouTube Music videos and plain YouTube,
 * stopping at the first source with a confident candidate. A video chosen for one track is
 * not chosen again for a later one.
 */
export const matchRelease = (release: ReleaseToMatch, tracks: ReadonlyArray<TrackInfo>, context: StepContext) =>
  Effect.gen(function*() {
    // Videos of tracks decided before (not decided again now), and of each track this run decides.
    const holders = new Map<string, Array<TrackInfo>>()
    for (const track of release.tracks.filter((t) => !tracks.includes(t))) {
      const videoId = release.matches.get(track.trackId)?.video_id
      if (videoId != null) hold(holders, videoId, track)
    }
    const videos = discogsCandidates(release.videos).filter((video) => !release.unavailable.has(video.videoId))
    const assigned = assignDiscogsVideos(release, tracks, videos.filter((video) => !holders.has(video.videoId)))

    const decided: Array<TrackDecision> = []
    for (const track of tracks) {
      const wanted = wantedTrack(track, release)
      const mine = assigned.byTrack.get(track.trackId)
      const used = heldFrom(track, release.unavailable, holders)
      const candidates = videos.filter((video) =>
        video.videoId === mine || (assigned.taken.get(video.videoId) ?? []).every((other) => sameRecording(other, track)))
      const queries = new Map<string, string>()
      let decision = decide(wanted, candidates, used)
      if (decision.match === null) {
        const query = searchQuery(track, release)
        for (const kind of sources) {
          const found = yield* searchPausing(query, kind, context)
          for (const candidate of found) if (!queries.has(candidate.videoId)) queries.set(candidate.videoId, `${sourceLabel[kind]}: ${query}`)
          candidates.push(...found)
          decision = decide(wanted, candidates, used)
          if ((decision.best?.score ?? 0) >= confidentAt) break
        }
      }
      if (decision.match !== null) hold(holders, decision.match.candidate.videoId, track)
      decided.push({ track, decision, queries })
    }
    return decided
  })
