import { Options } from "@effect/cli"
import { Option } from "effect"
import { parseReleaseIds } from "../releaseIds.ts"

/**
 * The options `crate sync` and `crate assets` share, spelled as the seed's scripts took them
 * (`--max=10`, `--release-id=12345`). `--release-id` is a single option here: @effect/cli 0.77
 * refuses the `--name=value` form of a repeated option, and the seed gave one id.
 */
export const seedOptions = {
  max: Options.integer("max").pipe(Options.withDescription("each step takes at most N releases (a batch)"), Options.optional),
  releaseId: Options.text("release-id").pipe(Options.withDescription("only this release"), Options.optional),
  retryFailed: Options.boolean("retry-failed").pipe(Options.withDescription("try again releases that failed permanently before")),
  refresh: Options.boolean("refresh").pipe(Options.withDescription("do again releases that are already done")),
  json: Options.boolean("json").pipe(Options.withDescription("print events and the summary as JSON lines"))
}

export const releaseIdsOf = (releaseId: Option.Option<string>) => parseReleaseIds(Option.toArray(releaseId))

/** The command as typed, to name it in messages ("run `crate sync --max=10` again to continue"). */
export const typedCommand = () => `crate ${process.argv.slice(2).join(" ")}`
