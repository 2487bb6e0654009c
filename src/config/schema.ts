import { Duration, Option, Schedule, Schema } from "effect"
import type { StepError } from "../engine/StepError.ts"
import { fileNameProblem } from "./fileNameTemplate.ts"
import { isPipelineDefinition, type PipelineDefinition } from "./pipeline.ts"

/** A duration as Effect reads it: milliseconds, or text such as "2 seconds" or "500 millis". */
const DurationText = Schema.Union(Schema.NonNegative, Schema.String).pipe(
  Schema.filter((value) => typeof value === "number" || Option.isSome(Duration.decodeUnknown(value)), {
    message: () => `expected a duration such as "2 seconds", "500 millis" or a number of milliseconds`
  })
)

const Count = Schema.Int.pipe(Schema.positive())

const Retry = Schema.Struct({
  times: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  base: Schema.optional(DurationText)
})

/** Any `Schedule` from effect, fed with the step's transient errors. */
const RetrySchedule = Schema.declare(
  (value: unknown): value is Schedule.Schedule<unknown, StepError> => Schedule.isSchedule(value),
  { message: () => "expected { times, base } or a Schedule from effect" }
)

export const StepSettings = Schema.Struct({
  /** false: the step is left out of every run (it can be run again once set back). */
  enabled: Schema.optional(Schema.Boolean),
  /** Items in work at once. */
  concurrency: Schema.optional(Count),
  /** For transient errors (429, 5xx, network): `{ times, base }`, or any Schedule. */
  retry: Schema.optional(Schema.Union(Retry, RetrySchedule))
})

/** A pipeline declared with `pipeline(...)`. */
const Declared = Schema.declare(
  (value: unknown): value is PipelineDefinition => isPipelineDefinition(value),
  { message: () => "expected pipeline(step, …) from \"crate\", or { batch, steps } to tune a built-in pipeline" }
)

/** The older form: tunes a built-in pipeline (its default batch, its steps' policies) without declaring it. */
const Tuning = Schema.Struct({
  /** Default for `--max`. */
  batch: Schema.optional(Count),
  steps: Schema.optional(Schema.Record({ key: Schema.String, value: StepSettings }))
})

/** What `pipeline.config.ts` may default-export. Every key is optional; unknown keys are refused. */
export const UserConfig = Schema.Struct({
  /** SQLite file, relative to the config file's folder. */
  database: Schema.optional(Schema.NonEmptyString),
  /** Folder for covers and audio, relative to the config file's folder. */
  library: Schema.optional(Schema.NonEmptyString),
  discogs: Schema.optional(Schema.Struct({
    username: Schema.optional(Schema.NonEmptyString),
    apiUrl: Schema.optional(Schema.NonEmptyString),
    /** Requests per minute for all Discogs requests together (Discogs allows 60 with a token). */
    requestsPerMinute: Schema.optional(Count),
    /** Retries of one Discogs request after a 429, a 5xx or a network error. */
    retry: Schema.optional(Retry),
    /** Cover images a day (Discogs' own limit is 1000); the rest wait for tomorrow. */
    imagesPerDay: Schema.optional(Count)
  })),
  youtube: Schema.optional(Schema.Struct({
    /** Where YouTube is reached (a loopback fake in tests and the demo). */
    baseUrl: Schema.optional(Schema.NonEmptyString),
    /** Searches per minute, all tracks together. */
    requestsPerMinute: Schema.optional(Count),
    /** Searches in flight at once, all releases together. */
    searchesAtOnce: Schema.optional(Count),
    /** How long the step pauses after a 429 or a "confirm you're not a bot" answer. */
    cooldown: Schema.optional(DurationText)
  })),
  audio: Schema.optional(Schema.Struct({
    /** Downloads in flight at once, all releases together (the audio step's concurrency is releases at once). */
    downloadsAtOnce: Schema.optional(Count),
    /** A polite pause between downloads from real YouTube. */
    sleepSeconds: Schema.optional(Schema.NonNegative),
    /** How long the step pauses after YouTube asks to confirm you're not a bot. */
    cooldown: Schema.optional(DurationText),
    /** A Netscape cookies.txt file yt-dlp sends to YouTube (`--cookies`): a signed-in session gets past bot checks. */
    cookies: Schema.optional(Schema.NonEmptyString),
    /** Cookies read from a browser's profile (`--cookies-from-browser`), e.g. "firefox" or "chrome:Profile 1". */
    cookiesFromBrowser: Schema.optional(Schema.NonEmptyString),
    /** More yt-dlp options, e.g. ["--extractor-args", "youtube:player_client=default,mweb"]; placed before the URL. */
    ytDlpArgs: Schema.optional(Schema.Array(Schema.String)),
    /** Each track's file name: "{number} - {title}" (the default: "01 - …", "1-03 - …", "A1 - …"); also {position}, {artist}, {disc}, {track}. */
    fileName: Schema.optional(Schema.String.pipe(
      Schema.filter((template) => fileNameProblem(template) === undefined, { message: (issue) => fileNameProblem(String(issue.actual)) ?? "" })
    ))
  })),
  analysis: Schema.optional(Schema.Struct({
    /**
     * Seconds of the middle of each track that tempo and key are measured on (0: the whole
     * track). Loudness and waveforms always cover the whole track.
     */
    windowSeconds: Schema.optional(Schema.NonNegative)
  })),
  network: Schema.optional(Schema.Struct({
    /** Hosts (and their subdomains) crate may fetch images and media from, besides Discogs' and YouTube's. */
    allowedHosts: Schema.optional(Schema.Array(Schema.NonEmptyString))
  })),
  tools: Schema.optional(Schema.Struct({
    /** Path of the yt-dlp binary (default: yt-dlp on PATH). */
    ytDlp: Schema.optional(Schema.NonEmptyString),
    /** Path of the ffmpeg binary (default: ffmpeg on PATH). */
    ffmpeg: Schema.optional(Schema.NonEmptyString)
  })),
  /** The pipelines `crate run NAME` knows (default: metadata and assets), by name. */
  pipelines: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Union(Declared, Tuning) })),
  /** Each step's policies, by step name: `{ youtube: { concurrency: 2 } }`. */
  steps: Schema.optional(Schema.Record({ key: Schema.String, value: StepSettings }))
})
export type UserConfig = typeof UserConfig.Encoded
