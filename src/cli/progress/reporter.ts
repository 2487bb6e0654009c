import { Console, Effect, type Scope } from "effect"
import type { RunEvent, RunSummary } from "../../engine/events.ts"
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

export interface ReporterOptions {
  readonly json: boolean
  readonly command: string
  /** Lines the summary adds below its steps, read when the run finishes ("Tracks: 134 · with a video: 14 · …"). */
  readonly footnotes?: (summary: RunSummary) => Effect.Effect<ReadonlyArray<string>>
}

const summary = (options: ReporterOptions, event: Extract<RunEvent, { _tag: "RunFinished" }>) =>
  Effect.flatMap(options.footnotes?.(event.summary) ?? Effect.succeed([]), (footnotes) => Console.log(summaryText(event.summary, options.command, footnotes)))

const plain = (options: ReporterOptions) => (event: RunEvent): Effect.Effect<void> => {
  if (event._tag === "RunFinished") return summary(options, event)
  const line = plainLine(event)
  return line === undefined ? Effect.void : Console.log(line)
}

const jsonLines = (event: RunEvent): Effect.Effect<void> => Console.log(JSON.stringify(event))

/** The run's event handler for this output; bars are taken down when the scope closes. */
export const reporter = (options: ReporterOptions): Effect.Effect<(event: RunEvent) => Effect.Effect<void>, never, Scope.Scope> => {
  switch (reportMode(options.json, process.stderr, process.env)) {
    case "json":
      return Effect.succeed(jsonLines)
    case "plain":
      return Effect.succeed(plain(options))
    case "bars":
      return barsReporter(process.stderr, (event) => summary(options, event))
  }
}
