import { describe, expect, it } from "vitest"
import type { RunEvent } from "../../src/engine/events.ts"
import { advance, barText, eta, etaText, initial, rate, rateText, stepOf } from "../../src/cli/progress/model.ts"
import { reportMode } from "../../src/cli/progress/reporter.ts"

const item = { step: "covers", item: "1", label: "release 1" }
const error = { kind: "permanent", reason: "NotFound", message: "gone" }

const play = (events: ReadonlyArray<readonly [RunEvent, number]>) =>
  events.reduce((progress, [event, at]) => advance(progress, event, at), initial("covers"))

describe("a step's progress, from the engine's events", () => {
  it("counts totals as they grow, done and failed items, retries, and a rate and ETA from them", () => {
    const progress = play([
      [{ _tag: "ItemsQueued", step: "covers", count: 4 }, 0],
      [{ _tag: "ItemStarted", ...item }, 0],
      [{ _tag: "ItemRetrying", ...item, attempt: 1, delayMs: 10, error }, 500],
      [{ _tag: "ItemDone", ...item, durationMs: 1000 }, 1000],
      [{ _tag: "ItemStarted", ...item, item: "2" }, 1000],
      [{ _tag: "ItemFailed", ...item, item: "2", error }, 2000],
      [{ _tag: "ItemsQueued", step: "covers", count: 2 }, 2000]
    ])
    expect(progress).toMatchObject({ total: 6, done: 1, failed: 1, retries: 1, running: 0 })
    // 2 items in 2 s: 1/s, 4 left: 4 s.
    expect(barText(progress, 2000)).toBe("2/6 · 1.0/s · ETA 4s · 1 failed · 1 retry")
  })

  it("estimates from the step's own pace: within 2× of the real time left on a paced step, where items per second since the start are not", () => {
    // One at a time; the first item waits 10 s (a cold start, a rate limit's first window), then each takes 1 s.
    const events: Array<readonly [RunEvent, number]> = [[{ _tag: "ItemsQueued", step: "covers", count: 20 }, 0]]
    let clock = 0
    for (let i = 0; i < 20; i++) {
      const took = i === 0 ? 10_000 : 1_000
      events.push([{ _tag: "ItemStarted", ...item, item: String(i), label: `release ${i}` }, clock])
      clock += took
      events.push([{ _tag: "ItemDone", ...item, item: String(i), durationMs: took }, clock])
    }
    const at = 15_000 // six items done, the seventh in hand
    const progress = play(events.filter(([, time]) => time <= at))
    const realLeft = (clock - at) / 1000
    const estimate = eta(progress)!
    expect(estimate / realLeft).toBeGreaterThanOrEqual(0.5)
    expect(estimate / realLeft).toBeLessThanOrEqual(2)
    const sinceStart = (progress.total - progress.done) / rate(progress, at)!
    expect(sinceStart / realLeft).toBeGreaterThan(2)
    // The item in hand is on the bar.
    expect(barText(progress, at)).toBe("6/20 · 24/min · ETA 14s · release 6")
  })

  it("shows a pause until the next item is done, and what a finished step ended with", () => {
    const paused = play([
      [{ _tag: "ItemsQueued", step: "covers", count: 2 }, 0],
      [{ _tag: "StepNotice", step: "covers", message: "daily image limit reached" }, 0]
    ])
    expect(barText(paused, 0)).toBe("0/2 · daily image limit reached")
    const finished = advance(paused, {
      _tag: "StepFinished",
      summary: { step: "covers", done: 0, failed: 0, skipped: 0, failures: {}, deferred: "daily image limit reached", remaining: 2 }
    }, 10)
    expect(barText(finished, 99_000)).toBe("0/2 · paused: daily image limit reached")
    expect(barText(initial("audio"), 0)).toBe("0/0 · waiting")
  })

  it("freezes the rate when the step finishes", () => {
    const done = play([
      [{ _tag: "ItemsQueued", step: "covers", count: 1 }, 0],
      [{ _tag: "ItemStarted", ...item }, 0],
      [{ _tag: "ItemDone", ...item, durationMs: 30_000 }, 30_000],
      [{ _tag: "StepFinished", summary: { step: "covers", done: 1, failed: 0, skipped: 0, failures: {}, deferred: null, remaining: 0 } }, 30_000]
    ])
    expect(barText(done, 600_000)).toBe("1/1 · 2.0/min · finished")
  })

  it("formats rates and ETAs for people", () => {
    expect(rateText(12.345)).toBe("12.3/s")
    expect(rateText(0.5)).toBe("30/min")
    expect(rateText(0.05)).toBe("3.0/min")
    expect(etaText(59.2)).toBe("1m00s")
    expect(etaText(3 * 3600 + 125)).toBe("3h02m")
  })

  it("knows which step an event belongs to", () => {
    expect(stepOf({ _tag: "RunStarted", runId: 1, pipeline: "assets", steps: [], recovered: 0 })).toBeUndefined()
    expect(stepOf({ _tag: "ItemsQueued", step: "audio", count: 1 })).toBe("audio")
  })
})

describe("how a run reports", () => {
  it("bars only on a terminal that can redraw; JSON lines whenever asked", () => {
    expect(reportMode(false, { isTTY: true }, { TERM: "xterm-256color" })).toBe("bars")
    expect(reportMode(false, { isTTY: false }, {})).toBe("plain")
    expect(reportMode(false, {}, {})).toBe("plain")
    expect(reportMode(false, { isTTY: true }, { TERM: "dumb" })).toBe("plain")
    expect(reportMode(false, { isTTY: true }, { CRATE_PROGRESS: "plain" })).toBe("plain")
    expect(reportMode(true, { isTTY: true }, {})).toBe("json")
  })
})

describe("durations as people read them", () => {
  it("rounds before splitting: never 1 min 60 s or 1 h 60 min", async () => {
    const { duration } = await import("../../src/query/text.ts")
    expect([9_960, 119_600, 179_999, 3_599_700, 7_199_999].map(duration)).toEqual(["10 s", "2 min 0 s", "3 min 0 s", "60 min 0 s", "2 h 0 min"])
    expect([4_200, 37_000, 125_000].map(duration)).toEqual(["4.2 s", "37 s", "2 min 5 s"])
  })
})
