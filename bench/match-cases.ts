import { Schema } from "effect"
import { readFileSync } from "node:fs"
import { loadRecordedSearches, startFakeYouTube } from "../src/fakes/youtube-server.ts"
import { createInnertube, musicCandidates } from "../src/youtube/client.ts"
import type { Candidate, WantedTrack } from "../src/youtube/match/index.ts"

/** One labelled case of test/fixtures/matching/benchmark.json (see test/fixtures/README.md). */
const BenchCandidate = Schema.Struct({
  videoId: Schema.String,
  title: Schema.String,
  artists: Schema.Array(Schema.String),
  album: Schema.NullOr(Schema.String),
  duration_s: Schema.NullOr(Schema.Number),
  musicVideoType: Schema.NullOr(Schema.String)
})

const Track = Schema.Struct({
  title: Schema.String,
  artists: Schema.Array(Schema.String),
  album: Schema.optional(Schema.NullOr(Schema.String)),
  duration_s: Schema.NullOr(Schema.Number)
})

const LabelledCase = Schema.Struct({
  case_index: Schema.Number,
  track: Track,
  expected_video_ids: Schema.Array(Schema.String),
  candidates: Schema.Array(BenchCandidate)
})

export interface BenchCase {
  readonly case_index: number
  readonly track: typeof Track.Type
  readonly expected_video_ids: ReadonlyArray<string>
  readonly candidates: ReadonlyArray<Candidate>
}

const asCandidate = (k: typeof BenchCandidate.Type): Candidate => ({
  videoId: k.videoId,
  title: k.title,
  artists: k.artists,
  channel: null,
  album: k.album,
  durationSeconds: k.duration_s,
  kind: k.musicVideoType === "MUSIC_VIDEO_TYPE_ATV" ? "song" : k.musicVideoType === null ? "unknown" : "video",
  musicVideoType: k.musicVideoType,
  description: null,
  source: "youtube-music"
})

/** Labelled candidate lists (matching/benchmark.json's shape). */
export const loadCases = (file: string): ReadonlyArray<BenchCase> =>
  Schema.decodeUnknownSync(Schema.Array(LabelledCase))(JSON.parse(readFileSync(file, "utf8")))
    .map((c) => ({ ...c, candidates: c.candidates.map(asCandidate) }))

/**
 * Cases from recorded YouTube Music searches (youtube-music/'s shape): each track searched as
 * the youtube step searches it — its query, YouTube Music songs then videos, through real
 * youtubei.js against the loopback fake replaying the recordings — and every song and video
 * found, in order, is a candidate (a video listed twice is there twice, as in the step).
 */
export const recordedCases = async (dir: string): Promise<ReadonlyArray<BenchCase>> => {
  const recordings = loadRecordedSearches(dir)
  const fake = await startFakeYouTube({ cases: recordings })
  try {
    const yt = await createInnertube(fake.url)
    const cases: Array<BenchCase> = []
    for (const recording of recordings) {
      const query = `${recording.track.artists.slice(0, 3).join(", ")} - ${recording.track.title}`
      const found: Array<Candidate> = []
      for (const type of ["song", "video"] as const) found.push(...musicCandidates(await yt.music.search(query, { type })))
      cases.push({
        case_index: Number.parseInt(recording.name, 10),
        track: recording.track,
        expected_video_ids: recording.expected_video_ids,
        candidates: found
      })
    }
    return cases
  } finally {
    await fake.close()
  }
}

export const wantedTrack = (c: BenchCase, withDuration: boolean): WantedTrack => ({
  title: c.track.title,
  artists: c.track.artists,
  // Discogs gives whole seconds.
  durationSeconds: withDuration && c.track.duration_s !== null ? Math.round(c.track.duration_s) : null,
  album: c.track.album ?? null
})

const nonLatinLetter = /(?![\p{Script=Latin}])\p{L}/u

/** "other scripts" when the track's title or one of its artists has a letter outside the Latin script. */
export const scriptOf = (c: BenchCase): "Latin" | "other scripts" =>
  [c.track.title, ...c.track.artists].some((text) => nonLatinLetter.test(text)) ? "other scripts" : "Latin"
