import { Command } from "@effect/cli"
import { Console, Effect } from "effect"
import { CrateConfig } from "../../config/Config.ts"
import { plan } from "../../query/plan.ts"
import { reading } from "../reading.ts"
import { findPipeline, runOptions } from "../runPipeline.ts"
import { planText } from "../views/plan.ts"
import { jsonOption, parseRunFlags, pipelineArg, runFlags } from "./run.ts"

export const planCommand = Command.make(
  "plan",
  { pipeline: pipelineArg, ...runFlags, json: jsonOption },
  (flags) =>
    reading(flags.config, (config) =>
      Effect.gen(function*() {
        const pipeline = yield* findPipeline(config, flags.pipeline)
        const parsed = yield* parseRunFlags(flags)
        const options = runOptions(config, pipeline, parsed, "")
        const found = yield* plan(pipeline, config.steps, { ...options, only: parsed.only }).pipe(Effect.provideService(CrateConfig, config))
        const command = `crate run ${process.argv.slice(3).join(" ")}`.trim()
        const itemName = (step: string) => config.steps.get(step)?.items.name ?? "item"
        yield* Console.log(flags.json ? JSON.stringify(found) : planText(found, command, itemName))
      }))
).pipe(
  Command.withDescription(
    "What `crate run` would do now, with the same flags, read from the database alone (no network, no writes): per step, " +
      "the items it would take now and once the steps before it have done them, and about how long it would take under the " +
      "configured limits.\n\nExamples:\n  crate plan assets\n  crate plan assets --only youtube+ --max 20\n  crate plan metadata --json"
  )
)
