import { Command, Options } from "@effect/cli"
import { Console, Effect } from "effect"
import { loadConfig } from "../loadConfig.ts"
import { pipelinesJson, pipelinesMermaid, pipelinesText } from "../views/pipelines.ts"
import { configOption } from "./run.ts"

export const pipelines = Command.make(
  "pipelines",
  {
    json: Options.boolean("json").pipe(Options.withDescription("print the pipelines as one JSON object")),
    mermaid: Options.boolean("mermaid").pipe(Options.withDescription("print the DAGs as a Mermaid flowchart")),
    config: configOption
  },
  (flags) =>
    Effect.gen(function*() {
      const config = yield* loadConfig(flags.config)
      yield* Console.log(flags.json ? pipelinesJson(config) : flags.mermaid ? pipelinesMermaid(config) : pipelinesText(config))
    })
).pipe(
  Command.withDescription(
    "The pipelines of your config (metadata and assets unless pipeline.config.ts declares others): each DAG, " +
      "and each step with its policies.\n\nExamples:\n  crate pipelines\n  crate pipelines --mermaid\n  crate pipelines --json"
  )
)
