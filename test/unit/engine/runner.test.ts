import { it } from "@effect/vitest"
import { SqlClient } from "@effect/sql"
import { Deferred, Effect, Exit, Fiber, Schedule, Schema } from "effect"
import { hostname } from "node:os"
import { join } from "node:path"
import { describe, expect } from "vitest"
import type { ItemSpace } from "../../../src/engine/ItemSpace.ts"
import * as Checkpoints from "../../../src/engine/CheckpointStore.ts"
import type { RunEvent, RunSummary } from "../../../src/engine/events.ts"
import * as Pipeline from "../../../src/engine/Pipeline.ts"
import * as Runner from "../../../src/engine/Runner.ts"
import { invalidate } from "../../../src/engine/Invalidate.ts"
import * as Step from "../../../src/engine/Step.ts"
import { StepError } from "../../../src/engine/StepError.ts"
import * as Database from "../../../src/library/Database.ts"
import { tempDir } from "../../support/tempDir.ts"

const ITEMS = ["1", "2", "3", "4", "5"]

/** The items of the test steps: rows of a table `items`, in key order. */
const testItems: ItemSpace<string> = {
  name: "item",
  key: Schema.String,
  label: (item) => `item ${item}`,
  table: { from: "items i", column: "i.item", where: "1", orderBy: "i.item" }
}

/**
 * A tiny pipeline over the table `items`, whose pending items the engine works out from the
 * checkpoints (no step says when it is done). Each step records its work in `work(item,
 * step)`; `behave` lets a test make one step fail, wait or count.
 */
const makePipeline = (
  shape: Record<string, ReadonlyArray<string>>,
  behave: (step: string, item: string, attempt: number) => Effect.Effect<void, StepError> = () => Effect.void,
  version = 1,
  extra: Partial<Step.Step<string>> = {}
) => {
  const attempts = new Map<string, number>()
  const steps = Object.entries(shape).map(([name, dependsOn]) =>
    Step.make({
      name,
      description: name,
      dependsOn,
      version,
      items: testItems,
      ...extra,
      run: (item) =>
        Effect.gen(function*() {
          const key = `${name}/${item}`
          const attempt = (attempts.get(key) ?? 0) + 1
          attempts.set(key, attempt)
          yield* behave(name, item, attempt)
          return Effect.flatMap(SqlClient.SqlClient, (sql) =>
            sql`INSERT OR REPLACE INTO work (item, step, seq) VALUES (${item}, ${name}, (SELECT count(*) FROM work))`.pipe(Effect.asVoid))
        })
    })
  )
  return { pipeline: Pipeline.make("test", steps), attempts }
}

const diamond = { a: [], b: ["a"], c: ["a"], d: ["b", "c"] }

const options = (overrides: Partial<Runner.RunOptions> = {}): Runner.RunOptions => ({
  command: "crate run test",
  selection: { items: [], refresh: false, flags: new Set() },
  retryFailed: false,
  policy: () => ({ enabled: true, concurrency: 2, retry: { times: 2, base: "1 millis" } }),
  ...overrides
})

const withDatabase = <A, E>(body: Effect.Effect<A, E, SqlClient.SqlClient>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE work (item TEXT, step TEXT, seq INTEGER, PRIMARY KEY (item, step))`
    yield* sql`CREATE TABLE items (item TEXT PRIMARY KEY)`
    for (const item of ITEMS) yield* sql`INSERT INTO items VALUES (${item})`
    return yield* body
  }).pipe(Effect.provide(Database.layer(join(tempDir(), "test.db"))))

const doneOrder = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  return yield* sql<{ item: string; step: string; seq: number }>`SELECT item, step, seq FROM work ORDER BY seq`
})

const checkpoint = (step: string, item: string) => Checkpoints.forItem({ step }, item)

describe("Runner", () => {
  it.live("runs every item through a diamond, each step after the steps it depends on", () =>
    withDatabase(Effect.gen(function*() {
      const { pipeline } = makePipeline(diamond)
      const summary = yield* Runner.run(pipeline, options())
      expect(summary.status).toBe("completed")
      expect(summary.steps.map((s) => [s.step, s.done, s.failed, s.remaining])).toEqual([
        ["a", 5, 0, 0], ["b", 5, 0, 0], ["c", 5, 0, 0], ["d", 5, 0, 0]
      ])
      const rows = yield* doneOrder
      const seqOf = (step: string, item: string) => rows.find((r) => r.step === step && r.item === item)!.seq
      for (const item of ITEMS) {
        expect(seqOf("b", item)).toBeGreaterThan(seqOf("a", item))
        expect(seqOf("c", item)).toBeGreaterThan(seqOf("a", item))
        expect(seqOf("d", item)).toBeGreaterThan(Math.max(seqOf("b", item), seqOf("c", item)))
      }
      expect((yield* checkpoint("d", "3"))?.status).toBe("done")
    })))

  it.live("streams: a later step finishes an item while an earlier step is still busy with another", () =>
    withDatabase(Effect.gen(function*() {
      const dFinishedItem1 = yield* Deferred.make<void>()
      const { pipeline } = makePipeline(diamond, (step, item) => {
        if (step === "a" && item === "5") return Deferred.await(dFinishedItem1) // would deadlock behind a barrier
        if (step === "d" && item === "1") return Deferred.succeed(dFinishedItem1, undefined)
        return Effect.void
      })
      const summary = yield* Runner.run(pipeline, options({ policy: () => ({ enabled: true, concurrency: 1, retry: { times: 0, base: 0 } }) }))
      expect(summary.steps.every((s) => s.done === 5)).toBe(true)
    })))

  it.live("a second run finds nothing to do and fetches nothing again", () =>
    withDatabase(Effect.gen(function*() {
      const { attempts, pipeline } = makePipeline(diamond)
      yield* Runner.run(pipeline, options())
      const again = yield* Runner.run(pipeline, options())
      expect(again.steps.map((s) => s.done)).toEqual([0, 0, 0, 0])
      expect([...attempts.values()].every((n) => n === 1)).toBe(true)
    })))

  it.live("retries transient errors with backoff and records the attempts", () =>
    withDatabase(Effect.gen(function*() {
      const events: Array<RunEvent> = []
      const { pipeline } = makePipeline({ a: [] }, (_, item, attempt) =>
        item === "2" && attempt < 3 ? Effect.fail(StepError.transient("Server", "HTTP 500")) : Effect.void)
      const summary = yield* Runner.run(pipeline, options({ onEvent: (e) => Effect.sync(() => events.push(e)) }))
      expect(summary.steps[0]!.done).toBe(5)
      expect(events.filter((e) => e._tag === "ItemRetrying").map((e) => e._tag === "ItemRetrying" && e.attempt)).toEqual([1, 2])
      expect(yield* checkpoint("a", "2")).toMatchObject({ status: "done", attempts: 3, error_kind: null })
    })))

  it.live("records a transient error that outlives its retries as failed, and the next run tries it again", () =>
    withDatabase(Effect.gen(function*() {
      let broken = true
      const { pipeline } = makePipeline({ a: [] }, (_, item) =>
        item === "2" && broken ? Effect.fail(StepError.transient("Network", "connection reset")) : Effect.void)
      const first = yield* Runner.run(pipeline, options())
      expect(first.steps[0]).toMatchObject({ done: 4, failed: 1, failures: { Network: 1 }, remaining: 1 })
      expect(yield* checkpoint("a", "2")).toMatchObject({ status: "failed", error_kind: "transient", attempts: 3 })
      broken = false
      const second = yield* Runner.run(pipeline, options())
      expect(second.steps[0]).toMatchObject({ done: 1, failed: 0, remaining: 0 })
    })))

  it.live("skips a permanent failure on later runs, and retries it with retryFailed", () =>
    withDatabase(Effect.gen(function*() {
      let gone = true
      const { attempts, pipeline } = makePipeline({ a: [], b: ["a"] }, (step, item) =>
        step === "a" && item === "3" && gone ? Effect.fail(StepError.permanent("NotFound", "item 3 is gone")) : Effect.void)
      const first = yield* Runner.run(pipeline, options())
      expect(first.steps[0]).toMatchObject({ done: 4, failed: 1, failures: { NotFound: 1 } })
      expect(attempts.get("a/3")).toBe(1)
      expect(yield* checkpoint("a", "3")).toMatchObject({ status: "failed", error_kind: "permanent", error_message: "item 3 is gone" })

      const second = yield* Runner.run(pipeline, options())
      expect(second.steps[0]).toMatchObject({ done: 0, failed: 0, skipped: 1, remaining: 0 })
      expect(attempts.get("a/3")).toBe(1)

      gone = false
      const third = yield* Runner.run(pipeline, options({ retryFailed: true }))
      expect(third.steps.map((s) => s.done)).toEqual([1, 1])
    })))

  it.live("a deferred error stops the step and leaves the item pending with its reason", () =>
    withDatabase(Effect.gen(function*() {
      const { pipeline } = makePipeline({ a: [] }, (_, item) =>
        item === "3" ? Effect.fail(StepError.deferred("Budget", "daily limit reached, resumes tomorrow")) : Effect.void)
      const summary = yield* Runner.run(pipeline, options({ policy: () => ({ enabled: true, concurrency: 1, retry: { times: 0, base: 0 } }) }))
      expect(summary.steps[0]).toMatchObject({ done: 2, failed: 0, deferred: "daily limit reached, resumes tomorrow", remaining: 3 })
      expect(yield* checkpoint("a", "3")).toMatchObject({ status: "pending", error_message: "daily limit reached, resumes tomorrow" })
      expect(yield* checkpoint("a", "4")).toBeUndefined()
    })))

  it.live("a fatal error stops the whole run, marks it failed and leaves the item pending", () =>
    withDatabase(Effect.gen(function*() {
      const { pipeline } = makePipeline(diamond, (step, item) =>
        step === "b" && item === "2" ? Effect.fail(StepError.fatal("Unauthorized", "DISCOGS_TOKEN was rejected")) : Effect.void)
      const exit = yield* Effect.exit(Runner.run(pipeline, options()))
      expect(exit).toStrictEqual(Exit.fail(new Runner.RunFailed({ reason: "Unauthorized", message: "DISCOGS_TOKEN was rejected" })))
      expect(yield* checkpoint("b", "2")).toMatchObject({ status: "pending", error_kind: "fatal" })
      const sql = yield* SqlClient.SqlClient
      expect(yield* sql`SELECT status, error FROM runs`).toEqual([{ status: "failed", error: "DISCOGS_TOKEN was rejected" }])
      expect(yield* sql`SELECT * FROM run_lock`).toEqual([])
      expect(yield* sql`SELECT count(*) AS n FROM checkpoints WHERE status = 'running'`).toEqual([{ n: 0 }])
    })))

  it.live("an interrupted run puts its in-flight items back to pending and releases the lock", () =>
    withDatabase(Effect.gen(function*() {
      const started = yield* Deferred.make<void>()
      const { pipeline } = makePipeline({ a: [] }, (_, item) =>
        item === "2" ? Effect.zipRight(Deferred.succeed(started, undefined), Effect.never) : Effect.void)
      const fiber = yield* Effect.fork(Runner.run(pipeline, options({ policy: () => ({ enabled: true, concurrency: 1, retry: { times: 0, base: 0 } }) })))
      yield* Deferred.await(started)
      yield* Fiber.interrupt(fiber)
      expect(yield* checkpoint("a", "1")).toMatchObject({ status: "done" })
      expect(yield* checkpoint("a", "2")).toMatchObject({ status: "pending" })
      const sql = yield* SqlClient.SqlClient
      expect(yield* sql`SELECT status FROM runs`).toEqual([{ status: "interrupted" }])
      // Its summary still says, per step, what was done before the stop.
      const [run] = yield* sql<{ summary: string }>`SELECT summary FROM runs`
      expect((JSON.parse(run!.summary) as RunSummary).steps).toMatchObject([{ step: "a", done: 1, failed: 0 }])
      const { attempts, pipeline: healthy } = makePipeline({ a: [] })
      const resumed = yield* Runner.run(healthy, options())
      expect(resumed.steps[0]!.done).toBe(4)
      expect(attempts.has("a/1")).toBe(false)
    })))

  it.live("items a killed run left running are done by the next run", () =>
    withDatabase(Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* Checkpoints.claim({ step: "a", version: 1 }, "4", 99)
      const events: Array<RunEvent> = []
      const { pipeline } = makePipeline({ a: [] })
      yield* Runner.run(pipeline, options({ onEvent: (e) => Effect.sync(() => events.push(e)) }))
      expect(events[0]).toMatchObject({ _tag: "RunStarted", recovered: 1 })
      expect(yield* checkpoint("a", "4")).toMatchObject({ status: "done", attempts: 2 })
      expect(yield* sql`SELECT count(*) AS n FROM work`).toEqual([{ n: 5 }])
    })))

  it.live("refuses to run while a live run holds the lock, and takes over a dead run's lock", () =>
    withDatabase(Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const { pipeline } = makePipeline({ a: [] })
      // This very process counts as a live holder; pid 2^22+1 is above Linux's pid_max, so never alive.
      const hold = (pid: number) =>
        sql`INSERT OR REPLACE INTO run_lock VALUES (1, 'other', 'crate run metadata', ${pid}, ${
          hostname()
        }, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`
      yield* hold(process.pid)
      const refused = yield* Effect.flip(Runner.run(pipeline, options()))
      expect(refused.message).toBe(
        `another crate run is writing this database: \`crate run metadata\` (pid ${process.pid} on ${
          hostname()
        }, since 2026-01-01T00:00:00.000Z); wait for it to finish or stop it`
      )
      yield* hold(4_194_305)
      const summary = yield* Runner.run(pipeline, options())
      expect(summary.steps[0]!.done).toBe(5)
    })))

  it.live("--max takes at most N items per step; --only runs just the named steps", () =>
    withDatabase(Effect.gen(function*() {
      const { pipeline } = makePipeline(diamond)
      const batch = yield* Runner.run(pipeline, options({ max: 2 }))
      expect(batch.steps.map((s) => s.done)).toEqual([2, 2, 2, 2])
      const onlyA = yield* Runner.run(pipeline, options({ only: ["a"] }))
      expect(onlyA.steps.map((s) => [s.step, s.done])).toEqual([["a", 3]])
      const onlyD = yield* Runner.run(pipeline, options({ only: ["d"] }))
      expect(onlyD.steps.map((s) => [s.step, s.done])).toEqual([["d", 0]])
      const unknown = yield* Effect.flip(Runner.run(pipeline, options({ only: ["x"] })))
      expect(unknown.message).toBe(`pipeline "test" has no step "x"; its steps are: a, b, c, d`)
    })))

  it.live("a new step version does again exactly the items done by the older version", () =>
    withDatabase(Effect.gen(function*() {
      yield* Runner.run(makePipeline({ a: [] }).pipeline, options({ max: 3 }))
      const { attempts, pipeline } = makePipeline({ a: [] }, () => Effect.void, 2)
      const summary = yield* Runner.run(pipeline, options())
      expect(summary.steps[0]!.done).toBe(5)
      expect([...attempts.keys()].sort()).toEqual(["a/1", "a/2", "a/3", "a/4", "a/5"])
      const again = yield* Runner.run(pipeline, options())
      expect(again.steps[0]!.done).toBe(0)
    })))

  it.live("a failed preflight stops the run before it takes the lock or any item", () =>
    withDatabase(Effect.gen(function*() {
      const { attempts, pipeline } = makePipeline({ a: [] })
      const checked = Pipeline.make("test", [{ ...pipeline.steps[0]!, preflight: Effect.fail(StepError.fatal("MissingTool", "yt-dlp was not found")) }])
      const error = yield* Effect.flip(Runner.run(checked, options()))
      expect(error.message).toBe("yt-dlp was not found")
      expect(attempts.size).toBe(0)
      const sql = yield* SqlClient.SqlClient
      expect(yield* sql`SELECT count(*) AS n FROM runs`).toEqual([{ n: 0 }])
    })))

  it.live("a permanent failure is tried again once the step's fingerprint of its inputs changes, not before", () =>
    withDatabase(Effect.gen(function*() {
      let inputs = "video-a"
      const { attempts, pipeline } = makePipeline({ a: [] }, (_, item) =>
        item === "3" && inputs === "video-a" ? Effect.fail(StepError.permanent("Unavailable", "the video was removed")) : Effect.void)
      const fingerprinted = Pipeline.make("test", [{ ...pipeline.steps[0]!, inputs: (item: string) => Effect.succeed(item === "3" ? inputs : "same") }])
      yield* Runner.run(fingerprinted, options())
      expect(yield* checkpoint("a", "3")).toMatchObject({ status: "failed", error_kind: "permanent" })
      const unchanged = yield* Runner.run(fingerprinted, options())
      expect(unchanged.steps[0]).toMatchObject({ done: 0, skipped: 1, remaining: 0 })
      inputs = "video-b" // a rematch chose another video
      const changed = yield* Runner.run(fingerprinted, options())
      expect(changed.steps[0]).toMatchObject({ done: 1, skipped: 0, remaining: 0 })
      expect(attempts.get("a/3")).toBe(2)
    })))

  it.live("a new version of a step does again its items and what depends on them, nothing else", () =>
    withDatabase(Effect.gen(function*() {
      yield* Runner.run(makePipeline(diamond).pipeline, options())
      const { attempts, pipeline } = makePipeline(diamond)
      const bumped = Pipeline.make("test", pipeline.steps.map((step) => step.name === "b" ? { ...step, version: 2 } : step))
      const summary = yield* Runner.run(bumped, options())
      expect(summary.steps.map((s) => [s.step, s.done])).toEqual([["a", 0], ["b", 5], ["c", 0], ["d", 5]])
      expect([...attempts.keys()].filter((key) => key.startsWith("a/") || key.startsWith("c/"))).toEqual([])
      expect((yield* Runner.run(bumped, options())).steps.every((s) => s.done === 0)).toBe(true)
    })))

  it.live("invalidating a step's item forgets it there and downstream: the next run does exactly that again", () =>
    withDatabase(Effect.gen(function*() {
      const { pipeline } = makePipeline(diamond)
      yield* Runner.run(pipeline, options())
      const sql = yield* SqlClient.SqlClient
      const forgotten = yield* sql.withTransaction(invalidate(Pipeline.stepsOf([pipeline]), "b", ["3"]))
      expect(forgotten).toEqual([{ step: "b", checkpoints: 1 }, { step: "d", checkpoints: 1 }])
      const { attempts, pipeline: again } = makePipeline(diamond)
      const summary = yield* Runner.run(again, options())
      expect(summary.steps.map((s) => [s.step, s.done])).toEqual([["a", 0], ["b", 1], ["c", 0], ["d", 1]])
      expect([...attempts.keys()].sort()).toEqual(["b/3", "d/3"])
    })))

  it.live("checkpoints belong to the step, not the pipeline: work one pipeline did is done for another", () =>
    withDatabase(Effect.gen(function*() {
      const { pipeline } = makePipeline({ a: [], b: ["a"] })
      yield* Runner.run(Pipeline.make("first", pipeline.steps.filter((step) => step.name === "a")), options())
      const { attempts, pipeline: both } = makePipeline({ a: [], b: ["a"] })
      const summary = yield* Runner.run(Pipeline.make("second", both.steps), options())
      expect(summary.steps.map((s) => [s.step, s.done])).toEqual([["a", 0], ["b", 5]])
      expect([...attempts.keys()].some((key) => key.startsWith("a/"))).toBe(false)
    })))

  it.live("a pipeline's items narrow every step, and --release-id narrows them further", () =>
    withDatabase(Effect.gen(function*() {
      const { pipeline } = makePipeline({ a: [], b: ["a"] })
      const narrowed = Pipeline.make("some", pipeline.steps, { items: "i.item IN ('2', '3', '4')" })
      const summary = yield* Runner.run(narrowed, options({ selection: { items: ["3", "4", "5"], refresh: false, flags: new Set() } }))
      expect(summary.steps.map((s) => [s.step, s.done])).toEqual([["a", 2], ["b", 2]])
      expect((yield* doneOrder).map((row) => `${row.step}/${row.item}`).sort()).toEqual(["a/3", "a/4", "b/3", "b/4"])
    })))

  it.live("--only takes a step, a step with what depends on it (step+), or with what it needs (+step)", () =>
    withDatabase(Effect.gen(function*() {
      const { pipeline } = makePipeline(diamond)
      const downstream = yield* Runner.run(pipeline, options({ only: ["b+"] }))
      expect(downstream.steps.map((s) => [s.step, s.done])).toEqual([["b", 0], ["d", 0]]) // a is read, not run: nothing is ready
      const upstream = yield* Runner.run(pipeline, options({ only: ["+b"] }))
      expect(upstream.steps.map((s) => [s.step, s.done])).toEqual([["a", 5], ["b", 5]])
      const rest = yield* Runner.run(pipeline, options({ only: ["c+"] }))
      expect(rest.steps.map((s) => [s.step, s.done])).toEqual([["c", 5], ["d", 5]])
    })))

  it.live("retries on a Schedule given as the policy, reporting each retry", () =>
    withDatabase(Effect.gen(function*() {
      const events: Array<RunEvent> = []
      const { pipeline } = makePipeline({ a: [] }, (_, item, attempt) =>
        item === "1" && attempt <= 3 ? Effect.fail(StepError.transient("Server", "HTTP 503")) : Effect.void)
      const retry = Schedule.spaced("1 millis").pipe(Schedule.intersect(Schedule.recurs(3)))
      const summary = yield* Runner.run(pipeline, options({
        policy: () => ({ enabled: true, concurrency: 1, retry }),
        onEvent: (e) => Effect.sync(() => events.push(e))
      }))
      expect(summary.steps[0]).toMatchObject({ done: 5, failed: 0 })
      expect(events.filter((e) => e._tag === "ItemRetrying").map((e) => e._tag === "ItemRetrying" && [e.attempt, e.delayMs])).toEqual([[1, 1], [2, 1], [3, 1]])
      expect(yield* checkpoint("a", "1")).toMatchObject({ status: "done", attempts: 4 })
    })))

  it.live("a step's own migrations are applied once, before it takes an item", () =>
    withDatabase(Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const migrations = { "0001_notes": sql`CREATE TABLE notes (item TEXT PRIMARY KEY)`.pipe(Effect.asVoid) }
      const { pipeline } = makePipeline({ a: [] }, () => Effect.void, 1, { migrations })
      yield* Runner.run(pipeline, options({ max: 2 }))
      yield* Runner.run(pipeline, options())
      expect(yield* sql`SELECT step, name FROM step_migrations`).toEqual([{ step: "a", name: "0001_notes" }])
      expect(yield* sql`SELECT count(*) AS n FROM notes`).toEqual([{ n: 0 }])
    })))

  it.live("an item whose key its space cannot read fails for good, with its reason", () =>
    withDatabase(Effect.gen(function*() {
      const numbers: ItemSpace<number> = { ...testItems, key: Schema.NumberFromString, label: (n) => `number ${n}` }
      const sql = yield* SqlClient.SqlClient
      yield* sql`INSERT INTO items VALUES ('six')`
      const step = Step.make({ name: "n", description: "n", dependsOn: [], version: 1, items: numbers, run: () => Effect.succeed(Effect.void) })
      const summary = yield* Runner.run(Pipeline.make("numbers", [step]), options())
      expect(summary.steps[0]).toMatchObject({ done: 5, failed: 1, failures: { BadItem: 1 } })
      expect(yield* checkpoint("n", "six")).toMatchObject({ status: "failed", error_message: 'item "six" is not a valid item key' })
    })))

  it.live("items failing transiently in a row stop the run (the service is down), and stay for the next run", () =>
    withDatabase(Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      for (const item of ["6", "7", "8", "9"]) yield* sql`INSERT INTO items VALUES (${item})`
      const { attempts, pipeline } = makePipeline({ a: [] }, () => Effect.fail(StepError.transient("Network", "cannot reach the service")))
      const error = yield* Effect.flip(Runner.run(pipeline, options({ policy: () => ({ enabled: true, concurrency: 1, retry: { times: 0, base: 0 } }) })))
      expect(error).toMatchObject({ reason: "ServiceDown" })
      expect(error.message).toBe(
        `a: ${Runner.failuresInARowToStop} items in a row failed (the last: cannot reach the service); what it talks to looks down, so the run stops: run the same command again later`
      )
      expect(attempts.size).toBe(Runner.failuresInARowToStop)
      expect(yield* sql`SELECT status FROM runs`).toEqual([{ status: "failed" }])
    })))

  it.live("a success in between keeps the run going: the breaker counts failures in a row only", () =>
    withDatabase(Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      for (const item of ["6", "7", "8", "9"]) yield* sql`INSERT INTO items VALUES (${item})`
      const { pipeline } = makePipeline({ a: [] }, (_, item) =>
        item === "5" ? Effect.void : Effect.fail(StepError.transient("Server", "HTTP 503")))
      const summary = yield* Runner.run(pipeline, options({ policy: () => ({ enabled: true, concurrency: 1, retry: { times: 0, base: 0 } }) }))
      expect(summary.steps[0]).toMatchObject({ done: 1, failed: 8 })
    })))
})
