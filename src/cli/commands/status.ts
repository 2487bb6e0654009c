import { Command, Options } from "@effect/cli"
import { Clock, Console, Effect } from "effect"
import { CrateConfig } from "../../config/Config.ts"
import { readStatus } from "../../query/status.ts"
import { reading } from "../reading.ts"
import { statusText } from "../views/status.ts"
import { configOption } from "./run.ts"

export const status = Command.make(
  "status",
  {
    json: Options.boolean("json").pipe(Options.withDescription("print the status as one JSON object")),
    config: configOption
  },
  ({ config, json }) =>
    reading(config, (resolved) =>
      Effect.gen(function*() {
        const status = yield* readStatus(resolved.steps).pipe(Effect.provideService(CrateConfig, resolved))
        yield* Console.log(json ? JSON.stringify(status) : statusText(status, yield* Clock.currentTimeMillis))
      }))
).pipe(
  Command.withDescription(
    "How far the collection is: releases, covers, YouTube matches and audio, what is left per step, failures by reason and the last runs. " +
      "Reads the database without writing it, so it works while a run is going.\n\nExamples:\n  crate status\n  crate status --json"
  )
)
