import { Args, Command, Options } from "@effect/cli"
import { Effect } from "effect"
import { pipelines, type PipelineName } from "../../../pipelines/index.ts"
import { loadConfig } from "../loadConfig.ts"
import { UserError } from "../UserError.ts"
import { runPipeline } from "../runPipeline.ts"

export const configOption = Options.text("config").pipe(
  Options.withDescription("the config file to use (default: pipeline.config.ts in the current folder)"),
  Options.optional
)

export const jsonOption = Options.boolean("json").pipe(Options.withDescription("print events and the summary as JSON lines"))

const parseReleaseIds = (values: ReadonlyArray<string>) =>
  Effect.forEach(values, (value) =>
    /^[1-9][0-9]{0,11}$/.test(value)
      ? Effect.succeed(Number(value))
      : Effect.fail(new UserError({ message: `--release-id ${value}: expected a Discogs release id, a whole number such as 1503102` })))

const names = Object.keys(pipelines) as Array<PipelineName>

export const run = Command.make(
  "run",
  {
    pipeline: Args.choice(names.map((name) => [name, name] as const), { name: "pipeline" }).pipe(
      Args.withDescription(`the pipeline to run: ${names.join(" or ")}`)
    ),
    only: Options.text("only").pipe(
      Options.withDescription("run only these steps, comma-separated (what they depend on is read, not run)"),
      Options.optional
    ),
    max: Options.integer("max").pipe(Options.withDescription("each step takes at most N items (a batch)"), Options.optional),
    // Options.integer cannot be repeated in @effect/cli 0.77 (every value is refused): parsed here.
    releaseIds: Options.text("release-id").pipe(Options.withDescription("only this release (repeatable)"), Options.repeated),
    retryFailed: Options.boolean("retry-failed").pipe(Options.withDescription("try again items that failed permanently before")),
    refresh: Options.boolean("refresh").pipe(Options.withDescription("do again items that are already done (re-sync from Discogs)")),
    rematchFailed: Options.boolean("rematch-failed").pipe(
      Options.withDescription("assets: match again the tracks whose video the audio step found unavailable (never the same video)")
    ),
    json: jsonOption,
    config: configOption
  },
  (flags) =>
    Effect.gen(function*() {
      const config = yield* loadConfig(flags.config)
      yield* runPipeline(config, flags.pipeline, {
        ...flags,
        releaseIds: yield* parseReleaseIds(flags.releaseIds),
        only: flags.only._tag === "Some" ? flags.only.value.split(",").map((s) => s.trim()).filter(Boolean) : [],
        flags: flags.rematchFailed ? ["rematch-failed"] : []
      }, `crate ${process.argv.slice(2).join(" ")}`)
    })
).pipe(
  Command.withDescription(
    "Run a pipeline: `metadata` syncs your Discogs collection; `assets` downloads covers, matches tracks on YouTube and " +
      "downloads their audio. Stop it at any time; the same command continues where it stopped.\n\n" +
      "Examples:\n  crate run metadata\n  crate run metadata --max 10\n  crate run metadata --release-id 1503102 --refresh\n" +
      "  crate run assets --only youtube\n  crate run assets --max 50"
  )
)
