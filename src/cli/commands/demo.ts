import { Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { resolve } from "node:path"
import { builtinPipelines } from "../../../pipelines/index.ts"
import * as Config from "../../config/Config.ts"
import { startDemoWorld } from "../../fakes/demoWorld.ts"
import { runPipeline } from "../runPipeline.ts"

const flags = { only: [], max: Option.none(), releaseIds: [], retryFailed: false, refresh: false, json: false }

export const demo = Command.make(
  "demo",
  {
    dir: Options.text("dir").pipe(Options.withDescription("where to put the demo database and library"), Options.withDefault("crate-demo"))
  },
  ({ dir }) =>
    Effect.scoped(Effect.gen(function*() {
      const folder = resolve(dir)
      const world = yield* Effect.acquireRelease(Effect.promise(startDemoWorld), (world) => Effect.promise(world.close))
      const config = world.configure(yield* Config.load({ cwd: folder, env: {}, builtins: builtinPipelines }))
      yield* Console.log(`crate demo: ${world.description}.\n`)
      yield* runPipeline(config, "metadata", flags, "crate demo")
      yield* Console.log("")
      yield* runPipeline(config, "assets", flags, "crate demo")
      yield* Console.log(
        `\nYour demo collection is in ${config.database}, its files in ${config.library}. Look at it with crate:\n` +
          `  export CRATE_DB=${config.database} CRATE_LIBRARY=${config.library}\n` +
          "  crate status; crate query stats; crate pipelines; crate plan assets; crate log\n" +
          "Run `crate demo` again: it continues where it stopped and fetches nothing twice."
      )
    }))
).pipe(Command.withDescription("Run crate end to end against fakes on loopback with recorded data: no account needed."))
