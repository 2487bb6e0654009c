import type { RunEvent, RunSummary, StepSummary } from "../engine/events.ts"
import { duration, plural } from "../query/text.ts"


/** The most frequent reasons first; past three, the rest are counted together. */
const failureText = (summary: StepSummary) => {
  const reasons = Object.entries(summary.failures).sort(([, a], [, b]) => b - a)
  const shown = reasons.slice(0, 3).map(([reason, n]) => `${n} ${reason}`)
  const rest = reasons.slice(3).reduce((n, [, count]) => n + count, 0)
  return [...shown, ...(rest > 0 ? [`${rest} other`] : [])].join(", ")
}

const stepLine = (summary: StepSummary) => {
  const unit = summary.unit ?? "item"
  const parts = [`${plural(summary.done, unit)} done`]
  if (summary.failed > 0) parts.push(`${summary.failed} failed (${failureText(summary)})`)
  if (summary.skipped > 0) parts.push(`${summary.skipped} skipped after earlier permanent failures`)
  if (summary.remaining > 0) parts.push(`${summary.remaining} still pending`)
  const line = `  ${summary.step.padEnd(12)} ${parts.join(" · ")}`
  return summary.deferred ? `${line}\n  ${"".padEnd(12)} paused: ${summary.deferred}` : line
}

/** What a finished run suggests doing next, when there is nothing left to redo here. */
const nextStep = (summary: RunSummary, unfinished: boolean) =>
  summary.status !== "completed" || unfinished
    ? undefined
    : summary.pipeline === "metadata"
    ? "Next: `crate run assets` downloads covers, matches tracks on YouTube and fetches their audio; `crate status` shows where you are."
    : "`crate status` shows where the collection is; `crate query` searches it."

const noBatch = /\s--max(?:=|\s+)0(?=\s|$)/

/** How to go on: the same command again; with `--max 0`, which takes nothing, the command without it. */
const continueHint = (command: string) =>
  noBatch.test(command)
    ? `\`--max 0\` takes no items: \`${command.replace(noBatch, "")}\` does them.`
    : `Run \`${command}\` again to continue.`

/** The end-of-run report: per step what was done, what failed and why, and what to do next. */
export const summaryText = (summary: RunSummary, command: string, footnotes: ReadonlyArray<string> = []): string => {
  const head = summary.status === "completed"
    ? `${summary.pipeline}: finished in ${duration(summary.durationMs)}`
    : summary.status === "interrupted"
    ? `${summary.pipeline}: interrupted after ${duration(summary.durationMs)}; run \`${command}\` again to continue`
    : `${summary.pipeline}: stopped after ${duration(summary.durationMs)}: ${summary.error}`
  const lines = [head, ...summary.steps.map(stepLine), ...(summary.status === "failed" ? [] : footnotes)]
  const failed = summary.steps.some((step) => step.failed > 0)
  const pending = summary.steps.some((step) => step.remaining > 0)
  if (summary.status === "completed" && pending) lines.push(continueHint(command))
  if (failed) lines.push("Failures are recorded per item: `crate status` lists them; transient ones are retried on the next run.")
  const next = nextStep(summary, pending || failed)
  if (next) lines.push(next)
  return lines.join("\n")
}

/** One line per event, for logs and pipes (no colours, no cursor movement). */
export const plainLine = (event: RunEvent): string | undefined => {
  switch (event._tag) {
    case "RunStarted":
      return `run ${event.runId}: ${event.pipeline} (${event.steps.join(", ") || "no steps enabled"})${
        event.recovered > 0 ? `; ${event.recovered} item(s) left running by a stopped run will be redone` : ""
      }`
    case "ItemDone":
      return `${event.step}: ${event.label} done (${duration(event.durationMs)})`
    case "ItemRetrying":
      return `${event.step}: ${event.label}: ${event.error.message}; retry ${event.attempt} in ${duration(event.delayMs)}`
    case "ItemFailed":
      return `${event.step}: ${event.label} failed: ${event.error.message}`
    case "ItemDeferred":
      return `${event.step}: paused: ${event.error.message}`
    case "StepNotice":
      return `${event.step}: ${event.message}`
    case "ItemsQueued":
    case "ItemStarted":
    case "StepFinished":
    case "RunFinished":
      return undefined
  }
}
