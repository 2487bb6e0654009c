import { Args, Command, Options } from "@effect/cli"
import { Console, Effect } from "effect"
import type { ResolvedConfig } from "../../config/Config.ts"
import * as RunLock from "../../engine/RunLock.ts"
import type { Step } from "../../engine/Step.ts"
import * as Database from "../../library/Database.ts"
import { resetStep, type ResetResult } from "../../query/reset.ts"
import { loadConfig } from "../loadConfig.ts"
import { requireDatabase } from "../reading.ts"
import { parseReleaseIds } from "../releaseIds.ts"
import { findStep } from "../steps.ts"
import { RunIncomplete, UserError } from "../UserError.ts"
import { plural } from "../../query/text.ts"
import { configOption } from "./run.ts"

/** The run that does the reset work again: a pipeline with the step, from the step on. */
const nextRun = (config: ResolvedConfig, step: string) => {
  const pipeline = Object.values(config.pipelines).find((candidate) => candidate.steps.some((other) => other.name === step))
  return pipeline === undefined ? "the next run" : `the next \`crate run ${pipeline.name} --only ${step}+\` (or \`crate run ${pipeline.name}\`)`
}

const resetText = (config: ResolvedConfig, result: ResetResult, failedOnly: boolean) => {
  const lines: Array<string> = []
  for (const id of result.unknown) lines.push(`release ${id} is not in the database: nothing to reset`)
  if (result.steps.length === 0) {
    const item = config.steps.get(result.step)?.items.name ?? "item"
    lines.push(`${result.step}: nothing to reset${failedOnly ? ` (no ${item} failed this step)` : ""}`)
    return lines.join("\n")
  }
  const [own, ...downstream] = result.steps
  const shown = result.releases.slice(0, 10).join(", ") + (result.releases.length > 10 ? ", …" : "")
  const unit = config.steps.get(result.step)?.items.name ?? "item"
  const releases = `${plural(result.releases.length, failedOnly && unit === "release" ? "failed release" : "release")} (${shown})`
  const what = result.releases.length === 0
    ? "its failures"
    : unit === "release"
    ? releases
    : `${plural(result.items.length, failedOnly ? `failed ${unit}` : unit)} of ${releases}`
  const also = downstream.length === 0 ? "" : `; and what depends on it: ${downstream.map((step) => step.step).join(", ")}`
  lines.push(`${result.step}: reset ${what}; ${plural(own!.checkpoints, "checkpoint")} forgotten${also}.`)
  lines.push(`${nextRun(config, result.step).replace(/^t/, "T")} does that work again.`)
  return lines.join("\n")
}

/** A step that lists its own items keeps no per-release work to forget, only failures. */
const checkResettable = (step: Step<any, any>, failedOnly: boolean) =>
  step.pending !== undefined && !failedOnly
    ? Effect.fail(new UserError({
      message: step.name === "release"
        ? "release: to sync releases again, run `crate run metadata --refresh` (with --release-id ID for some); `crate reset release --failed` forgets failures"
        : `${step.name} lists its own items on every run: only \`crate reset ${step.name} --failed\` applies`
    }))
    : Effect.void

export const reset = Command.make(
  "reset",
  {
    step: Args.text({ name: "step" }).pipe(Args.withDescription("the step to do again (and what depends on it): covers, youtube, audio, or a step of your config")),
    releaseIds: Options.text("release-id").pipe(Options.withDescription("only this release (repeatable)"), Options.repeated),
    failed: Options.boolean("failed").pipe(Options.withDescription("only the releases whose last attempt at the step failed")),
    json: Options.boolean("json").pipe(Options.withDescription("print what was reset as JSON")),
    config: configOption
  },
  (flags) =>
    Effect.gen(function*() {
      const config = yield* loadConfig(flags.config)
      const step = yield* findStep(config, flags.step)
      yield* checkResettable(step, flags.failed)
      yield* requireDatabase(config)
      const releaseIds = yield* parseReleaseIds(flags.releaseIds)
      const result = yield* Effect.scoped(Effect.gen(function*() {
        // A run writing the database now would race the reset: refused like a second run.
        yield* RunLock.acquire(`crate ${process.argv.slice(2).join(" ")}`)
        return yield* resetStep({ step, steps: config.steps, releaseIds, failedOnly: flags.failed })
      })).pipe(Effect.provide(Database.layer(config.database)))
      yield* Console.log(flags.json ? JSON.stringify(result) : resetText(config, result, flags.failed))
      // A release id that is not there is a mistake (a typo, another database): said above, and the exit status says it too.
      if (result.unknown.length > 0) {
        return yield* new RunIncomplete({ failed: result.unknown.length })
      }
    })
).pipe(
  Command.withDescription(
    "Make the next run do a step again for some releases, and the steps that depend on it (the seed's selective re-downloads, " +
      "without SQL): forgets the step's work and checkpoints. Never touches Discogs data.\n\nExamples:\n  crate reset covers --release-id 1503102\n" +
      "  crate reset youtube --failed\n  crate reset audio --release-id 1 --release-id 2\n  crate reset covers        # every release"
  )
)
