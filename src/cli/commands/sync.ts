import { Command, Options } from "@effect/cli"
import { Effect } from "effect"
import { loadConfig } from "../loadConfig.ts"
import { runPipeline } from "../runPipeline.ts"
import { releaseIdsOf, seedOptions, typedCommand } from "./aliasOptions.ts"
import { configOption } from "./run.ts"

/** The seed's `main.py --discogs-only`: `crate run metadata` under the seed's spelling. */
export const sync = Command.make(
  "sync",
  {
    ...seedOptions,
    // The seed's main.py also downloaded assets without it; crate's sync never does, so it changes nothing.
    discogsOnly: Options.boolean("discogs-only").pipe(Options.withDescription("accepted for the seed's scripts: sync only ever talks to Discogs")),
    config: configOption
  },
  (flags) =>
    Effect.gen(function*() {
      const config = yield* loadConfig(flags.config)
      yield* runPipeline(config, "metadata", {
        only: [],
        max: flags.max,
        releaseIds: yield* releaseIdsOf(flags.releaseId),
        retryFailed: flags.retryFailed,
        refresh: flags.refresh,
        json: flags.json
      }, typedCommand())
    })
).pipe(
  Command.withDescription(
    "Phase 1, as the seed spelled it: the same as `crate run metadata`.\n\nExamples:\n  crate sync --discogs-only\n" +
      "  crate sync --max=10 --discogs-only\n  crate sync --release-id=12345 --discogs-only"
  )
)
