import { Console, Effect, type Scope } from "effect"
import type { RunEvent } from "../../engine/events.ts"
import { plainLine, summaryText } from "../render.ts"
import { barsReporter } from "./bars.ts"

export type ReportMode = "json" | "bars" | "plain"

/**
 * How a run reports: JSON lines with `--json`; live bars when stderr is a terminal that can
 * redraw; otherwise one plain line per event (logs, pipes, CI). CRATE_PROGRESS=plain forces
 * plain lines on a terminal too.
 */
export const reportMode = (
  json: boolean,
  stderr: { readonly isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>
): ReportMode =>
  json ? "json" : stderr.isTTY === true && env.TERM !== "dumb" && env.CRATE_PROGRESS !== "plain" ? "bars" : "plain"

const plain = (command: string) => (event: RunEvent): Effect.Effect<void> => {
  if (event._tag === "RunFinished") return Console.log(summaryText(event.summary, command))
  const line = plainLine(event)
  return line === undefined ? Effect.void : Console.log(line)
}

const jsonLines = (event: RunEvent): Effect.Effect<void> => Console.log(JSON.stringify(event))

/** The run's event handler for this output; bars are taken down when the scope closes. */
export const reporter = (options: { readonly json: boolean; readonly command: string }): Effect.Effect<(event: RunEvent) => Effect.Effect<void>, never, Scope.Scope> => {
  switch (reportMode(options.json, process.stderr, process.env)) {
    case "json":
      return Effect.succeed(jsonLines)
    case "plain":
      return Effect.succeed(plain(options.command))
    case "bars":
      return barsReporter(process.stderr, (event) => Console.log(summaryText(event.summary, options.command)))
  }
}
