import { Schema } from "effect"
import { readFileSync } from "node:fs"
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

const BenchCase = Schema.Struct({
  case_index: Schema.Number,
  track: Schema.Struct({
    title: Schema.String,
    artists: Schema.Array(Schema.String),
    album: Schema.optional(Schema.NullOr(Schema.String)),
    duration_s: Schema.NullOr(Schema.Number)
  }),
  expected_video_ids: Schema.Array(Schema.String),
  candidates: Schema.Array(BenchCandidate)
})
export type BenchCase = typeof BenchCase.Type

export const loadCases = (file: string): ReadonlyArray<BenchCase> =>
  Schema.decodeUnknownSync(Schema.Array(BenchCase))(JSON.parse(readFileSync(file, "utf8")))

export const wantedTrack = (c: BenchCase, withDuration: boolean): WantedTrack => ({
  title: c.track.title,
  artists: c.track.artists,
  // Discogs gives whole seconds.
  durationSeconds: withDuration && c.track.duration_s !== null ? Math.round(c.track.duration_s) : null,
  album: c.track.album ?? null
})

export const candidates = (c: BenchCase): ReadonlyArray<Candidate> =>
  c.candidates.map((k) => ({
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
  }))
