import { Duration, Option, Schema } from "effect"

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

export const StepSettings = Schema.Struct({
  enabled: Schema.optional(Schema.Boolean),
  concurrency: Schema.optional(Count),
  retry: Schema.optional(Retry)
})

const pipelineSettings = <const Names extends ReadonlyArray<string>>(names: Names) =>
  Schema.Struct({
    /** Default for `--max`. */
    batch: Schema.optional(Count),
    steps: Schema.optional(Schema.Struct(Object.fromEntries(names.map((name) => [name, Schema.optional(StepSettings)])) as {
      [K in Names[number]]: Schema.optional<typeof StepSettings>
    }))
  })

export const stepNames = {
  metadata: ["collection", "release"],
  assets: ["covers", "youtube", "audio"]
} as const

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
    /** A polite pause between downloads from real YouTube. */
    sleepSeconds: Schema.optional(Schema.NonNegative),
    /** How long the step pauses after YouTube asks to confirm you're not a bot. */
    cooldown: Schema.optional(DurationText)
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
  pipelines: Schema.optional(Schema.Struct({
    metadata: Schema.optional(pipelineSettings(stepNames.metadata)),
    assets: Schema.optional(pipelineSettings(stepNames.assets))
  }))
})
export type UserConfig = typeof UserConfig.Encoded
