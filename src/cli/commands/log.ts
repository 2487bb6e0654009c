import { Command, Options } from "@effect/cli"
import { Clock, Console, Effect } from "effect"
import { type LoggedRun, recentRuns } from "../../query/log.ts"
import { reading } from "../reading.ts"
import { ago, duration } from "../../query/text.ts"
import { configOption } from "./run.ts"

const stepText = (step: LoggedRun["steps"][number]) =>
  [`${step.step} ${step.done} done`, step.failed > 0 ? `${step.failed} failed` : "", step.skipped > 0 ? `${step.skipped} skipped` : "", step.remaining > 0 ? `${step.remaining} left` : ""]
    .filter(Boolean).join(", ")

const runText = (run: LoggedRun, nowMs: number) =>
  [
    `#${run.runId} ${run.pipeline} ${run.status}, ${ago(run.startedAt, nowMs)}${run.durationMs === null ? "" : `, took ${duration(run.durationMs)}`}  (${run.command})`,
    ...run.steps.map((step) => `    ${stepText(step)}`),
    ...(run.error && run.status !== "completed" ? [`    ${run.error}`] : [])
  ].join("\n")

export const log = Command.make(
  "log",
  {
    limit: Options.integer("limit").pipe(Options.withDescription("how many runs (default 20)"), Options.withDefault(20)),
    json: Options.boolean("json").pipe(Options.withDescription("one JSON object per run, one per line")),
    config: configOption
  },
  (flags) =>
    reading(flags.config, () =>
      Effect.gen(function*() {
        const runs = yield* recentRuns(Math.max(1, flags.limit))
        const nowMs = yield* Clock.currentTimeMillis
        if (flags.json) return yield* Console.log(runs.map((run) => JSON.stringify(run)).join("\n"))
        yield* Console.log(runs.length === 0 ? "no runs yet" : runs.map((run) => runText(run, nowMs)).join("\n"))
      }))
).pipe(
  Command.withDescription("The recent runs, newest first: per step what was done, failed, skipped and left, and how long it took.\n\nExamples:\n  crate log\n  crate log --limit 5 --json")
)
