/** What we look for: one Discogs track, as the matcher sees it. */
export interface WantedTrack {
  readonly title: string
  /** Credited artists, main artist first; name variations (Discogs `anv`) may be listed too. */
  readonly artists: ReadonlyArray<string>
  /**
   * The release's artists when the track has its own: weaker evidence (a DJ mix's compiler, a
   * band named on a member's piece). Absent or empty when `artists` are the release's.
   */
  readonly releaseArtists?: ReadonlyArray<string> | undefined
  /** Whole seconds; null when Discogs has no duration (often). */
  readonly durationSeconds: number | null
  /** The release title: words of it in a video title ("[Album]") are not noise. */
  readonly album: string | null
  /** The release's labels, catalogue numbers and year: in a video title they are not another version. */
  readonly releaseWords?: ReadonlyArray<string> | undefined
  /** The longest duration Discogs gives a track of the release: a far longer video is the record, not this track. */
  readonly longestOnRelease?: number | null | undefined
}

/** Where a candidate was found, in the order the step asks. */
export type CandidateSource = "discogs-video" | "youtube-music" | "youtube"

/**
 * - `song`: a YouTube Music "song" result (an Art Track: the label's official audio)
 * - `video`: a YouTube Music "video" result or a plain YouTube search result
 * - `unknown`: a top-result card or a Discogs video, whose kind YouTube did not say
 */
export type CandidateKind = "song" | "video" | "unknown"

/** One YouTube video that might carry the track. */
export interface Candidate {
  readonly videoId: string
  readonly title: string
  /** YouTube Music's artist fields (for a `song`, the credited artists; for a video, often the uploader). */
  readonly artists: ReadonlyArray<string>
  readonly channel: string | null
  readonly album: string | null
  readonly durationSeconds: number | null
  readonly kind: CandidateKind
  /** `MUSIC_VIDEO_TYPE_ATV` (official audio), `_OMV`, `_UGC`, …, when YouTube said. */
  readonly musicVideoType: string | null
  /** The video's description, when known (Discogs lists it); "Provided to YouTube by" marks official audio. */
  readonly description: string | null
  readonly source: CandidateSource
}

/** How a score was made up, for `crate match show` and yt_matches.json. */
export interface ScoreParts {
  readonly title: number
  readonly artist: number
  /** null when either side has no duration: the signal is skipped, not guessed. */
  readonly duration: number | null
  /** Official audio, and listed on the track's own album. */
  readonly official: number
  readonly penalties: number
}

export interface Scored {
  readonly candidate: Candidate
  /** 0–100 (clamped). */
  readonly score: number
  /** The sum before clamping: orders candidates, so official audio still wins a tie at 100. */
  readonly total: number
  readonly parts: ScoreParts
  /** Short reasons in plain words: "duration differs by 41 s", "title has 'live'". */
  readonly notes: ReadonlyArray<string>
}

export interface Decision {
  /** The accepted candidate, or none: a track with no convincing candidate is never guessed. */
  readonly match: Scored | null
  /** The best candidate considered, accepted or not. */
  readonly best: Scored | null
  /** Every candidate considered, best first. */
  readonly ranked: ReadonlyArray<Scored>
}
