import { Args, Command, Options } from "@effect/cli"
import { Console, Effect } from "effect"
import * as RunLock from "../../engine/RunLock.ts"
import * as Database from "../../library/Database.ts"
import { assetSteps } from "../../query/command.ts"
import { resetStep, type ResetResult } from "../../query/reset.ts"
import { loadConfig } from "../loadConfig.ts"
import { requireDatabase } from "../reading.ts"
import { parseReleaseIds } from "../releaseIds.ts"
import { plural } from "../views/text.ts"
import { configOption } from "./run.ts"

const redo: Readonly<Record<ResetResult["step"], string>> = {
  covers: "downloads their covers again",
  youtube: "matches their tracks again (tracks whose video you chose by hand keep it)",
  audio: "downloads their audio again"
}

const resetText = (result: ResetResult, failedOnly: boolean) => {
  const lines: Array<string> = []
  for (const id of result.unknown) lines.push(`release ${id} is not in the database: nothing to reset`)
  if (result.releases.length === 0) {
    lines.push(`${result.step}: nothing to reset${failedOnly ? " (no release failed this step)" : ""}`)
    return lines.join("\n")
  }
  const shown = result.releases.slice(0, 10).join(", ") + (result.releases.length > 10 ? ", …" : "")
  const extra = [
    result.checkpoints > 0 ? `${plural(result.checkpoints, "checkpoint")} forgotten` : null,
    result.audioFiles > 0 ? `${plural(result.audioFiles, "audio file record")} forgotten` : null,
    result.overrides > 0 ? `${plural(result.overrides, "track")} chosen by hand kept` : null
  ].filter((part) => part !== null)
  lines.push(`${result.step}: reset ${plural(result.releases.length, failedOnly ? "failed release" : "release")} (${shown})${extra.length > 0 ? `; ${extra.join(", ")}` : ""}.`)
  lines.push(`The next \`crate run assets --only ${result.step}\` (or \`crate run assets\`) ${redo[result.step]}.`)
  return lines.join("\n")
}

export const reset = Command.make(
  "reset",
  {
    step: Args.choice(assetSteps.map((step) => [step, step] as const), { name: "step" }).pipe(
      Args.withDescription(`the step to do again: ${assetSteps.join(", ")}`)
    ),
    releaseIds: Options.text("release-id").pipe(Options.withDescription("only this release (repeatable)"), Options.repeated),
    failed: Options.boolean("failed").pipe(Options.withDescription("only the releases whose last attempt at the step failed")),
    json: Options.boolean("json").pipe(Options.withDescription("print what was reset as JSON")),
    config: configOption
  },
  (flags) =>
    Effect.gen(function*() {
      const config = yield* loadConfig(flags.config)
      yield* requireDatabase(config)
      const releaseIds = yield* parseReleaseIds(flags.releaseIds)
      const result = yield* Effect.scoped(Effect.gen(function*() {
        // A run writing the database now would race the reset: refused like a second run.
        yield* RunLock.acquire(`crate ${process.argv.slice(2).join(" ")}`)
        return yield* resetStep({ step: flags.step, releaseIds, failedOnly: flags.failed })
      })).pipe(Effect.provide(Database.layer(config.database)))
      yield* Console.log(flags.json ? JSON.stringify(result) : resetText(result, flags.failed))
    })
).pipe(
  Command.withDescription(
    "Make the next run do a step again for some releases (the seed's selective re-downloads, without SQL): clears the step's flag " +
      "and checkpoints. Never touches Discogs data.\n\nExamples:\n  crate reset covers --release-id 1503102\n" +
      "  crate reset youtube --failed\n  crate reset audio --release-id 1 --release-id 2\n  crate reset covers        # every release"
  )
)
