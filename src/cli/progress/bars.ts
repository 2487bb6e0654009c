import cliProgress from "cli-progress"
import { Effect, type Scope } from "effect"
import type { RunEvent } from "../../engine/events.ts"
import { plainLine } from "../render.ts"
import { advance, barText, initial, type StepProgress, stepOf } from "./model.ts"

interface Row {
  progress: StepProgress
  readonly bar: cliProgress.SingleBar
}

/** Failures of one kind shown above the bars, per step; the rest are only counted in the step's bar. */
const failuresShown = 3

/**
 * What is worth a line above the bars: the run's start, pauses, notices and the first
 * failures of each kind (not every item done: that is what the bars show).
 */
const worthALine = (seen: Map<string, number>) => (event: RunEvent): boolean => {
  switch (event._tag) {
    case "RunStarted":
    case "ItemDeferred":
    case "StepNotice":
      return true
    case "ItemFailed": {
      const kind = `${event.step}\u0000${event.error.reason}`
      const n = (seen.get(kind) ?? 0) + 1
      seen.set(kind, n)
      return n <= failuresShown
    }
    default:
      return false
  }
}

/**
 * Live bars on a terminal, one per step (cli-progress), redrawn in place on `stream`:
 * done/total as totals grow, rate, ETA, failures so far and the step's notices. Returns the
 * event handler; the bars are stopped (cursor restored) when the scope closes, however the
 * run ends. `onSummary` prints the end-of-run report once the bars are down.
 */
export const barsReporter = (
  stream: NodeJS.WriteStream,
  onSummary: (event: Extract<RunEvent, { _tag: "RunFinished" }>) => Effect.Effect<void>
): Effect.Effect<(event: RunEvent) => Effect.Effect<void>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const rows = new Map<string, Row>()
    const logged = worthALine(new Map())
    const width = { name: 8 }
    const multibar = new cliProgress.MultiBar({
      stream,
      hideCursor: true,
      emptyOnZero: true,
      barsize: 24,
      fps: 8,
      format: (options, params, payload: { readonly row: () => StepProgress }) =>
        `${payload.row().step.padEnd(width.name)} ${cliProgress.Format.BarFormat(params.progress, options)} ${barText(payload.row(), Date.now())}`
    }, cliProgress.Presets.shades_classic)
    let active = false
    const stop = () => {
      if (active) multibar.stop()
      active = false
    }
    yield* Effect.addFinalizer(() => Effect.sync(stop))

    // Above the bars while they are up (cli-progress redraws them below), else straight out.
    const say = (line: string) => (active ? multibar.log(`${line}\n`) : stream.write(`${line}\n`))

    return (event: RunEvent) =>
      Effect.suspend(() => {
        if (event._tag === "RunFinished") {
          stop()
          return onSummary(event)
        }
        if (event._tag === "RunStarted") {
          width.name = Math.max(width.name, ...event.steps.map((step) => step.length))
          for (const step of event.steps) {
            const holder = { progress: initial(step) }
            const bar = multibar.create(0, 0, { row: () => holder.progress })
            rows.set(step, Object.assign(holder, { bar }))
          }
          active = event.steps.length > 0
        }
        const line = logged(event) ? plainLine(event) : undefined
        if (line !== undefined) say(line)
        const row = rows.get(stepOf(event) ?? "")
        if (row !== undefined) {
          row.progress = advance(row.progress, event, Date.now())
          row.bar.setTotal(row.progress.total)
          row.bar.update(row.progress.done + row.progress.failed)
        }
        return Effect.void
      })
  })
