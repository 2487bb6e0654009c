import type { RunEvent } from "../../engine/events.ts"

/** What a step's bar shows, gathered from the run's events. */
export interface StepProgress {
  readonly step: string
  /** Items queued so far: grows as upstream steps finish items (ItemsQueued). */
  readonly total: number
  readonly done: number
  readonly failed: number
  readonly running: number
  /** Attempts that failed with a transient error and were tried again. */
  readonly retries: number
  /** When the step's first item started (ms), for its rate. */
  readonly startedAt: number | null
  /** A pause or other notice from the step, shown until the next item finishes. */
  readonly note: string | null
  readonly finished: boolean
  /** When the step finished (ms): its rate stops there. */
  readonly finishedAt: number | null
  /** How long the last items took (ms), waits for rate limits included: the step's own pace. */
  readonly recent: ReadonlyArray<number>
  /** The most items seen in flight at once: how many the step works on side by side. */
  readonly peakRunning: number
  /** The item most recently started, while one is in flight ("release 1503102"). */
  readonly current: string | null
}

/** Items whose durations make the pace: enough to smooth one slow item out, few enough to follow a change. */
const paceWindow = 10

export const initial = (step: string): StepProgress => ({
  step, total: 0, done: 0, failed: 0, running: 0, retries: 0, startedAt: null, note: null, finished: false, finishedAt: null,
  recent: [], peakRunning: 0, current: null
})

/** The step's progress after one event (events of other steps and of the run leave it as it is). */
export const advance = (progress: StepProgress, event: RunEvent, nowMs: number): StepProgress => {
  switch (event._tag) {
    case "ItemsQueued":
      return { ...progress, total: progress.total + event.count }
    case "ItemStarted":
      return {
        ...progress,
        running: progress.running + 1,
        peakRunning: Math.max(progress.peakRunning, progress.running + 1),
        startedAt: progress.startedAt ?? nowMs,
        current: event.label
      }
    case "ItemRetrying":
      return { ...progress, retries: progress.retries + 1 }
    case "ItemDone":
      return {
        ...progress,
        done: progress.done + 1,
        running: Math.max(0, progress.running - 1),
        note: null,
        recent: [...progress.recent, event.durationMs].slice(-paceWindow),
        current: progress.running > 1 ? progress.current : null
      }
    case "ItemFailed":
      return { ...progress, failed: progress.failed + 1, running: Math.max(0, progress.running - 1), current: progress.running > 1 ? progress.current : null }
    case "ItemDeferred":
      return { ...progress, running: Math.max(0, progress.running - 1), note: `paused: ${event.error.message}` }
    case "StepNotice":
      return { ...progress, note: event.message }
    case "StepFinished":
      return {
        ...progress,
        running: 0,
        finished: true,
        finishedAt: nowMs,
        note: event.summary.deferred === null ? progress.note : `paused: ${event.summary.deferred}`
      }
    case "RunStarted":
    case "RunFinished":
      return progress
  }
}

/** The step an event belongs to, if any. */
export const stepOf = (event: RunEvent): string | undefined => {
  switch (event._tag) {
    case "RunStarted":
    case "RunFinished":
      return undefined
    case "StepFinished":
      return event.summary.step
    default:
      return event.step
  }
}

/** Items per second since the step's first item started; undefined before there is anything to measure. */
export const rate = (progress: StepProgress, nowMs: number): number | undefined => {
  const finished = progress.done + progress.failed
  if (progress.startedAt === null || finished === 0) return undefined
  const seconds = ((progress.finishedAt ?? nowMs) - progress.startedAt) / 1000
  return seconds <= 0 ? undefined : finished / seconds
}

/**
 * Seconds left for the items queued so far, at the step's own pace: the median of its last
 * items' durations (which hold the waits for its rate limit; one slow first item does not
 * count for all), that many side by side as it has run at once. Not the items per second
 * since the start, which start at zero and count every wait before the first item.
 */
export const eta = (progress: StepProgress): number | undefined => {
  const left = progress.total - progress.done - progress.failed
  if (left <= 0 || progress.recent.length === 0) return undefined
  const sorted = [...progress.recent].sort((a, b) => a - b)
  const middle = sorted.length / 2
  const medianMs = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  return (left * medianMs) / Math.max(1, progress.peakRunning) / 1000
}

export const rateText = (perSecond: number | undefined) =>
  perSecond === undefined ? "" : perSecond >= 1 ? `${perSecond.toFixed(1)}/s` : `${(perSecond * 60).toFixed(perSecond * 60 >= 10 ? 0 : 1)}/min`

export const etaText = (seconds: number | undefined) => {
  if (seconds === undefined) return ""
  const s = Math.ceil(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
}

/** The text after a step's bar: counts, rate, ETA, failures and the step's note. */
export const barText = (progress: StepProgress, nowMs: number): string => {
  const parts = [`${progress.done + progress.failed}/${progress.total}`]
  const perSecond = rateText(rate(progress, nowMs))
  if (perSecond) parts.push(perSecond)
  const left = progress.finished ? "" : etaText(eta(progress))
  if (left) parts.push(`ETA ${left}`)
  if (progress.failed > 0) parts.push(`${progress.failed} failed`)
  if (progress.retries > 0) parts.push(`${progress.retries} ${progress.retries === 1 ? "retry" : "retries"}`)
  if (progress.finished) parts.push(progress.note ?? "finished")
  else if (progress.note) parts.push(progress.note)
  else if (progress.total === 0) parts.push("waiting")
  else if (progress.current !== null) parts.push(progress.current.length > 40 ? `${progress.current.slice(0, 39)}…` : progress.current)
  return parts.join(" · ")
}
