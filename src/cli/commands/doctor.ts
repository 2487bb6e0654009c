import { Command, Options } from "@effect/cli"
import { Console, Effect } from "effect"
import { type CheckResult, checkLine } from "../doctor/check.ts"
import * as Checks from "../doctor/checks.ts"
import { loadConfig } from "../loadConfig.ts"
import { UserError } from "../UserError.ts"
import { plural } from "../../query/text.ts"
import { configOption } from "./run.ts"

export const doctor = Command.make(
  "doctor",
  {
    json: Options.boolean("json").pipe(Options.withDescription("print the checks as one JSON object")),
    config: configOption
  },
  (flags) =>
    Effect.gen(function*() {
      const results: Array<CheckResult> = []
      // Each line as soon as it is known: the Discogs check waits on the network.
      const report = (checks: ReadonlyArray<CheckResult>) =>
        Effect.forEach(checks, (check) => Effect.zipRight(Effect.sync(() => results.push(check)), flags.json ? Effect.void : Console.log(checkLine(check))))

      yield* report([Checks.node()])
      const loaded = yield* Effect.either(loadConfig(flags.config))
      yield* report([Checks.config(loaded)])
      if (loaded._tag === "Right") {
        const config = loaded.right
        yield* report([yield* Checks.database(config), Checks.library(config)])
        yield* report(yield* Checks.discogs(config))
        yield* report(yield* Checks.audioTools(config))
        yield* report([Checks.essentia(config)])
      }
      const failed = results.filter((check) => check.status === "fail" && check.essential)
      if (flags.json) yield* Console.log(JSON.stringify({ ok: failed.length === 0, checks: results }))
      if (failed.length > 0) {
        return yield* new UserError({ message: `${plural(failed.length, "essential check")} failed: ${failed.map((check) => check.name).join(", ")}` })
      }
    })
).pipe(
  Command.withDescription(
    "Check that crate can work here: Node, the config, the database (writable, schema version), DISCOGS_TOKEN (asks Discogs), " +
      "the library folder, yt-dlp (and whether it is recent enough for YouTube), ffmpeg and ffprobe. One line per check; exit " +
      "status 1 when an essential one fails.\n\nExamples:\n  crate doctor\n  crate doctor --json"
  )
)
