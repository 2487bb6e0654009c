import { Command, Options } from "@effect/cli"
import { Effect } from "effect"
import { loadConfig } from "../loadConfig.ts"
import { runPipeline } from "../runPipeline.ts"
import { releaseIdsOf, seedOptions, typedCommand } from "./aliasOptions.ts"
import { configOption } from "./run.ts"

const only = (step: string) => Options.boolean(`${step}-only`).pipe(Options.withDescription(`run only the ${step} step`))

/** The seed's `download_assets.py`: `crate run assets [--only …]` under the seed's spelling. */
export const assets = Command.make(
  "assets",
  {
    ...seedOptions,
    covers: only("covers"),
    youtube: only("youtube"),
    audio: only("audio"),
    rematchFailed: Options.boolean("rematch-failed").pipe(
      Options.withDescription("match again the tracks whose video the audio step found unavailable")
    ),
    config: configOption
  },
  (flags) =>
    Effect.gen(function*() {
      const config = yield* loadConfig(flags.config)
      const steps = (["covers", "youtube", "audio"] as const).filter((step) => flags[step])
      yield* runPipeline(config, "assets", {
        only: steps,
        max: flags.max,
        releaseIds: yield* releaseIdsOf(flags.releaseId),
        retryFailed: flags.retryFailed,
        refresh: flags.refresh,
        json: flags.json,
        flags: flags.rematchFailed ? ["rematch-failed"] : []
      }, typedCommand())
    })
).pipe(
  Command.withDescription(
    "Phase 2, as the seed spelled it: the same as `crate run assets` (`--covers-only` = `--only covers`, and so on; " +
      "two of them run both steps).\n\nExamples:\n  crate assets\n  crate assets --covers-only --max=10\n" +
      "  crate assets --youtube-only --max=10\n  crate assets --audio-only --release-id=12345"
  )
)
