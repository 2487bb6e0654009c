import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Cause, Clock, Data, Duration, Effect, Either, Exit, Option, Queue, Schedule, Schema } from "effect"
import * as Checkpoints from "./CheckpointStore.ts"
import { nowIso } from "./clock.ts"
import type { ErrorInfo, RunEvent, RunSummary, StepSummary } from "./events.ts"
import { invalidateDownstream } from "./Invalidate.ts"
import * as Pending from "./Pending.ts"
import { type Pipeline, selectSteps, stepsOf, type UnknownStep } from "./Pipeline.ts"
import { forEachPooled } from "./pool.ts"
import { type Retry, toSchedule } from "./Retry.ts"
import * as RunLock from "./RunLock.ts"
import { describeSqlFailure } from "./sqlFailure.ts"
import type { Commit, Selection, Step, StepContext } from "./Step.ts"
import { StepError } from "./StepError.ts"
import { applyStepMigrations } from "./StepMigrations.ts"
import { inTransaction } from "./transaction.ts"

export interface StepPolicy {
  readonly enabled: boolean
  readonly concurrency: number
  /** For transient errors only. */
  readonly retry: Retry
}

export interface RunOptions {
  /** How this run is named to a second run that finds the database locked, e.g. "crate run metadata". */
  readonly command: string
  /** Run only these steps (`--only`: `step`, `step+` with what depends on it, `+step` with what it needs); what they depend on is read, not run. */
  readonly only?: ReadonlyArray<string> | undefined
  /** Each step takes at most this many items (`--max`). */
  readonly max?: number | undefined
  readonly selection: Selection
  /** Try again items that failed permanently in earlier runs. */
  readonly retryFailed: boolean
  readonly policy: (step: string) => StepPolicy
  readonly onEvent?: (event: RunEvent) => Effect.Effect<void>
  /** Every step known (of every pipeline), for what depends on what across pipelines; default: the pipeline's. */
  readonly steps?: ReadonlyMap<string, Step<any, any>> | undefined
}

/** The run stopped before its end: a fatal step error, or the engine could not use its database. */
export class RunFailed extends Data.TaggedError("RunFailed")<{ readonly reason: string; readonly message: string }> {}


/**
 * Items of one step that failed transiently in a row, after their retries, with nothing done in
 * between: the service behind the step is down, and trying every remaining item on its own
 * schedule would take hours. The run stops; the items stay to be tried by the next run.
 */
export const failuresInARowToStop = 5

/** How long an idle step lets upstream progress gather before it asks for pending items again. */
const repollDelay = Duration.millis(200)

const errorInfo = (error: StepError): ErrorInfo => ({ kind: error.kind, reason: error.reason, message: error.message })

const databaseFailure = (error: SqlError) =>
  new RunFailed({ reason: "Database", message: describeSqlFailure(error) })

const badKey = (step: Step<any, any>, item: string) =>
  StepError.permanent("BadItem", `${step.items.name} "${item}" is not a valid ${step.items.name} key`)

/**
 * Runs a pipeline: every selected step takes its pending items as soon as they exist, so an
 * item can go through a later step while others are still in an earlier one. Each item is
 * claimed (`running`), worked on outside any transaction, then committed together with its
 * checkpoint in one short transaction. Interrupting the run puts in-flight items back to
 * `pending`; a run that died without that is repaired by the next one (`running` → `pending`).
 */
export const run = <R>(
  pipeline: Pipeline<R>,
  options: RunOptions
): Effect.Effect<RunSummary, RunFailed | UnknownStep | RunLock.DatabaseBusy, R | SqlClient.SqlClient> =>
  Effect.scoped(Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const chosen = yield* selectSteps(pipeline, options.only ?? [])
    const emit = options.onEvent ?? (() => Effect.void)
    const graph = options.steps ?? stepsOf([pipeline])
    const selected = pipeline.steps.filter((step) => chosen.includes(step.name) && options.policy(step.name).enabled)
    const selectedNames = new Set(selected.map((step) => step.name))
    const scope: Pending.Scope = { items: pipeline.items, selection: options.selection }

    for (const step of selected) {
      if (step.preflight) {
        yield* Effect.mapError(step.preflight, (error) => new RunFailed({ reason: error.reason, message: error.message }))
      }
    }

    yield* RunLock.acquire(options.command)
    yield* applyStepMigrations(graph.values())
    const recovered = yield* Checkpoints.recoverInterrupted
    yield* Checkpoints.closeDeadRuns
    // `--refresh` again after a refresh that stopped early: continue it rather than start over.
    const refreshSince = options.selection.refresh ? yield* Checkpoints.unfinishedSince(options.command) : undefined
    const startedMs = yield* Clock.currentTimeMillis
    const [runRow] = yield* sql<{ run_id: number }>`INSERT INTO runs (pipeline, command, status, pid, started_at)
      VALUES (${pipeline.name}, ${options.command}, 'running', ${process.pid}, ${yield* nowIso}) RETURNING run_id`
    const runId = runRow!.run_id
    yield* emit({ _tag: "RunStarted", runId, pipeline: pipeline.name, steps: [...selectedNames], recovered })

    // A step with nothing left to take waits here until a step it depends on makes progress.
    const wakeups = new Map<string, Queue.Queue<void>>()
    for (const step of selected) wakeups.set(step.name, yield* Queue.sliding<void>(1))
    const finished = new Set<string>()
    const summaries = new Map<string, StepSummary>()
    // What a step has done so far, for the summary of a run stopped before the step finished.
    const soFar = new Map<string, () => StepSummary>()
    const notifyDependents = (name: string) =>
      Effect.forEach(
        selected.filter((step) => step.dependsOn.includes(name)),
        (step) => Queue.offer(wakeups.get(step.name)!, undefined),
        { discard: true }
      )

    const runStep = (step: Step<any, R>) =>
      Effect.gen(function*() {
        const ref = { step: step.name, version: step.version }
        const policy = options.policy(step.name)
        const waitsFor = step.dependsOn.filter((name) => selectedNames.has(name))
        const context: StepContext = {
          selection: options.selection,
          progressed: notifyDependents(step.name),
          notice: (message) => emit({ _tag: "StepNotice", step: step.name, message })
        }
        const decode = Schema.decodeEither(step.items.key)
        const labelOf = (item: string) => Either.match(decode(item), { onLeft: () => `${step.items.name} ${item}`, onRight: step.items.label })
        const explicit = options.selection.items.length > 0
        const seen = new Set<string>()
        const outdated = new Set<string>()
        const failures: Record<string, number> = {}
        const doneNow = new Set<string>()
        let failed = 0
        let failedInARow = 0
        let skipped = 0
        let deferred: StepError | undefined
        soFar.set(step.name, () => ({
          step: step.name, unit: step.items.name, done: doneNow.size, failed, skipped, failures: { ...failures }, remaining: 0, deferred: null
        }))

        // Transient errors are retried on the step's schedule; each retry is reported and counted.
        const retrying = (item: string, label: string) => {
          let attempt = 0
          let last: StepError | undefined
          return toSchedule(policy.retry).pipe(
            Schedule.whileInput((error: StepError) => error.kind === "transient"),
            Schedule.tapInput((error: StepError) => Effect.sync(() => void (last = error))),
            Schedule.delays,
            Schedule.onDecision((delay, decision) =>
              decision._tag === "Done" ? Effect.void : Effect.zipRight(
                emit({ _tag: "ItemRetrying", step: step.name, item, label, attempt: ++attempt, delayMs: Duration.toMillis(delay), error: errorInfo(last!) }),
                Effect.orDie(Checkpoints.countAttempt(ref, item))
              ))
          )
        }

        const attempt = (item: string, label: string): Effect.Effect<Commit, StepError, R | SqlClient.SqlClient> =>
          Either.match(decode(item), {
            onLeft: () => Effect.fail(badKey(step, item)),
            onRight: (key) => Effect.retry(step.run(key, context), retrying(item, label))
          })

        const commit = (item: string, work: Commit) =>
          inTransaction(sql, Effect.gen(function*() {
            yield* work
            yield* Checkpoints.markDone(ref, item)
            if (outdated.has(item)) yield* invalidateDownstream(graph, step.name, item)
          }))

        const processItem = (item: string): Effect.Effect<void, RunFailed | SqlError, R | SqlClient.SqlClient> =>
          Effect.gen(function*() {
            if (deferred) return
            const label = labelOf(item)
            const started = yield* Clock.currentTimeMillis
            yield* Checkpoints.claim(ref, item, runId, yield* Pending.inputsOf(step, item))
            yield* emit({ _tag: "ItemStarted", step: step.name, item, label })
            const outcome = yield* attempt(item, label).pipe(
              Effect.flatMap((work) => commit(item, work)),
              Effect.onInterrupt(() => Effect.ignore(Checkpoints.markPending(ref, item))),
              Effect.either
            )
            if (outcome._tag === "Right") {
              failedInARow = 0
              doneNow.add(item)
              yield* emit({ _tag: "ItemDone", step: step.name, item, label, durationMs: (yield* Clock.currentTimeMillis) - started })
              return yield* notifyDependents(step.name)
            }
            const error = outcome.left
            if (error._tag === "SqlError") return yield* databaseFailure(error)
            switch (error.kind) {
              case "deferred":
                deferred = error
                yield* Checkpoints.markPending(ref, item, error)
                return yield* emit({ _tag: "ItemDeferred", step: step.name, item, label, error: errorInfo(error) })
              case "fatal":
                yield* Checkpoints.markPending(ref, item, error)
                return yield* new RunFailed({ reason: error.reason, message: error.message })
              default:
                failed++
                failures[error.reason] = (failures[error.reason] ?? 0) + 1
                yield* Checkpoints.markFailed(ref, item, error)
                yield* emit({ _tag: "ItemFailed", step: step.name, item, label, error: errorInfo(error) })
                failedInARow = error.kind === "transient" ? failedInARow + 1 : 0
                if (failedInARow >= failuresInARowToStop) {
                  return yield* new RunFailed({
                    reason: "ServiceDown",
                    message: `${step.name}: ${failedInARow} ${step.items.name}s in a row failed (the last: ${error.message}); ` +
                      "what it talks to looks down, so the run stops: run the same command again later"
                  })
                }
            }
          })

        // What the step has to do, less what an unfinished --refresh of this command did already.
        const toDo = Effect.gen(function*() {
          const refreshed = refreshSince === undefined ? undefined : yield* Checkpoints.doneSince(step.name, refreshSince)
          const items = yield* Pending.pending(step, graph, scope)
          return refreshed === undefined ? items : items.filter(({ item }) => !refreshed.has(item))
        })

        const nextBatch = Effect.gen(function*() {
          // Read before the query: a step that finishes after it may have readied items the query missed.
          const upstreamDone = waitsFor.every((name) => finished.has(name))
          const skip = options.retryFailed || explicit ? new Set<string>() : yield* Pending.standingFailures(step)
          const candidates = yield* toDo
          const batch: Array<string> = []
          const room = options.max === undefined ? Infinity : options.max - seen.size + skipped
          for (const { item, outdated: old } of candidates) {
            if (seen.has(item)) continue
            if (old) outdated.add(item)
            seen.add(item)
            if (skip.has(item)) skipped++
            else if (batch.length < room) batch.push(item)
            else seen.delete(item)
          }
          return { batch, candidates, upstreamDone }
        })

        // What was still to do when the step ran out of work with every step before it finished:
        // the end of the step needs no second look through its items (a look can take seconds).
        let settled: ReadonlyArray<Pending.PendingItem> | undefined
        while (!deferred) {
          const { batch, candidates, upstreamDone } = yield* nextBatch
          if (batch.length === 0) {
            if (upstreamDone) {
              settled = candidates
              break
            }
            yield* Queue.take(wakeups.get(step.name)!)
            // Upstream work comes in bursts (a page of the collection): gather it instead of querying per item.
            if (!waitsFor.every((name) => finished.has(name))) yield* Effect.sleep(repollDelay)
            continue
          }
          yield* emit({ _tag: "ItemsQueued", step: step.name, count: batch.length })
          yield* forEachPooled(batch, policy.concurrency, processItem)
        }

        // A source step (one that lists, say) stays pending by nature: what it did in this run does not remain.
        const stillFailed = yield* Pending.standingFailures(step)
        const remaining = (settled ?? (yield* toDo)).filter(({ item }) => !stillFailed.has(item) && !doneNow.has(item)).length
        const summary: StepSummary = {
          step: step.name, unit: step.items.name, done: doneNow.size, failed, skipped, failures, remaining, deferred: deferred?.message ?? null
        }
        summaries.set(step.name, summary)
        finished.add(step.name)
        yield* emit({ _tag: "StepFinished", summary })
        yield* notifyDependents(step.name)
      })

    const finish = (status: RunSummary["status"], error: string | null) =>
      Effect.gen(function*() {
        const summary: RunSummary = {
          runId,
          pipeline: pipeline.name,
          status,
          error,
          durationMs: (yield* Clock.currentTimeMillis) - startedMs,
          steps: selected.flatMap((step) => summaries.get(step.name) ?? soFar.get(step.name)?.() ?? [])
        }
        yield* sql`UPDATE runs SET status = ${status}, finished_at = ${yield* nowIso}, error = ${error},
          summary = ${JSON.stringify(summary)} WHERE run_id = ${runId}`
        yield* emit({ _tag: "RunFinished", summary })
        return summary
      })

    return yield* Effect.forEach(selected, runStep, { concurrency: "unbounded", discard: true }).pipe(
      Effect.mapError((error) => error._tag === "SqlError" ? databaseFailure(error) : error),
      Effect.onExit((exit) =>
        Exit.isSuccess(exit)
          ? Effect.void
          : Cause.isInterruptedOnly(exit.cause)
          ? Effect.ignore(finish("interrupted", "interrupted"))
          : Effect.ignore(finish("failed", Option.match(Cause.failureOption(exit.cause), {
            onNone: () => Cause.pretty(exit.cause),
            onSome: (error) => error.message
          })))
      ),
      Effect.zipRight(Effect.suspend(() => finish("completed", null)))
    )
  })).pipe(Effect.mapError((error) => error._tag === "SqlError" ? databaseFailure(error) : error))
