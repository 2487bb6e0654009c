import { Args, Command, Options } from "@effect/cli"
import { Effect, Option } from "effect"
import { loadConfig } from "../loadConfig.ts"
import { parseReleaseIds } from "../releaseIds.ts"
import { runPipeline } from "../runPipeline.ts"

export const configOption = Options.text("config").pipe(
  Options.withDescription("the config file to use (default: pipeline.config.ts in the current folder)"),
  Options.optional
)

export const jsonOption = Options.boolean("json").pipe(Options.withDescription("print events and the summary as JSON lines"))

/** `--only covers,youtube+`: the words, each a step name with an optional + before or after. */
export const onlyWords = (only: Option.Option<string>) =>
  Option.match(only, { onNone: () => [], onSome: (value) => value.split(",").map((word) => word.trim()).filter(Boolean) })

export const runFlags = {
  only: Options.text("only").pipe(
    Options.withDescription(
      "run only these steps, comma-separated: `youtube` (what it depends on is read, not run), `youtube+` (and what depends on it), " +
        "`+audio` (and what it needs). The built-in steps: collection, release (metadata); covers, youtube, audio, analysis, waveform " +
        "(assets); `crate pipelines` lists your config's"
    ),
    Options.optional
  ),
  max: Options.integer("max").pipe(Options.withDescription("each step takes at most N items (a batch)"), Options.optional),
  // Options.integer cannot be repeated in @effect/cli 0.77 (every value is refused): parsed here.
  releaseIds: Options.text("release-id").pipe(Options.withDescription("only this release (repeatable)"), Options.repeated),
  retryFailed: Options.boolean("retry-failed").pipe(Options.withDescription("try again items that failed permanently before")),
  refresh: Options.boolean("refresh").pipe(Options.withDescription("do again items that are already done (re-sync from Discogs)")),
  rematchFailed: Options.boolean("rematch-failed").pipe(
    Options.withDescription("youtube: match again the tracks whose video the audio step found unavailable (never the same video)")
  ),
  config: configOption
}

/** The run flags as the engine takes them. */
export const parseRunFlags = (flags: {
  readonly only: Option.Option<string>
  readonly max: Option.Option<number>
  readonly releaseIds: ReadonlyArray<string>
  readonly retryFailed: boolean
  readonly refresh: boolean
  readonly rematchFailed: boolean
  readonly json: boolean
}) =>
  Effect.map(parseReleaseIds(flags.releaseIds), (releaseIds) => ({
    ...flags,
    releaseIds,
    only: onlyWords(flags.only),
    flags: flags.rematchFailed ? ["rematch-failed"] : []
  }))

export const pipelineArg = Args.text({ name: "pipeline" }).pipe(
  Args.withDescription("a pipeline of your config: metadata and assets unless pipeline.config.ts declares others (`crate pipelines` lists them)")
)

export const run = Command.make(
  "run",
  { pipeline: pipelineArg, ...runFlags, json: jsonOption },
  (flags) =>
    Effect.gen(function*() {
      const config = yield* loadConfig(flags.config)
      yield* runPipeline(config, flags.pipeline, yield* parseRunFlags(flags), `crate ${process.argv.slice(2).join(" ")}`)
    })
).pipe(
  Command.withDescription(
    "Run a pipeline: `metadata` syncs your Discogs collection; `assets` downloads covers, matches tracks on YouTube and " +
      "downloads their audio; any other pipeline your pipeline.config.ts declares. Stop it at any time; the same command " +
      "continues where it stopped.\n\n" +
      "Examples:\n  crate run metadata\n  crate run metadata --max 10\n  crate run metadata --release-id 1503102 --refresh\n" +
      "  crate run assets --only youtube\n  crate run assets --only youtube+\n  crate run assets --max 50"
  )
)
