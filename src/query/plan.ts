import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect, Schema } from "effect"
import { fromHistory } from "../engine/estimate.ts"
import * as Pending from "../engine/Pending.ts"
import { type Pipeline, selectSteps, type UnknownStep } from "../engine/Pipeline.ts"
import type { StepPolicy } from "../engine/Runner.ts"
import type { Estimate, Selection, Step } from "../engine/Step.ts"

export interface StepPlan {
  readonly step: string
  /** The items the step takes as soon as the run starts, in the order it takes them. */
  readonly ready: ReadonlyArray<string>
  /** The items it takes once the steps of this run it depends on have done them. */
  readonly after: ReadonlyArray<string>
  /** Items that wait for a step this run does not run (with `--only`), by that step. */
  readonly blocked: Readonly<Record<string, number>>
  /** Permanent failures the run skips (`--retry-failed` takes them). */
  readonly skipped: number
  /** A source step's list (a sync queue) may grow while the run goes: what the listing before it adds. */
  readonly grows: boolean
  readonly estimate: Estimate | null
}

export interface Plan {
  readonly pipeline: string
  readonly items: string | null
  readonly steps: ReadonlyArray<StepPlan>
  /** Steps run side by side: about as long as the slowest. */
  readonly estimateMs: number | null
}

export interface PlanOptions {
  readonly only: ReadonlyArray<string>
  readonly max?: number | undefined
  readonly selection: Selection
  readonly retryFailed: boolean
  readonly policy: (step: string) => StepPolicy
}

const estimateOf = (step: Step<any, any>, items: ReadonlyArray<string>, concurrency: number) =>
  step.estimate === undefined
    ? fromHistory(step.name, items.length, concurrency)
    : step.estimate(items.map((item) => Schema.decodeSync(step.items.key)(item))) as Effect.Effect<Estimate, SqlError, SqlClient.SqlClient>

/**
 * What `crate run` would do now, read from the database alone (no network, no writes): per
 * step, the items it would take at once, those it takes once the run's other steps have done
 * them, and an estimate from the limits the step works under. Permanent failures are left
 * out, and `--max` cuts each step's list, as the runner does.
 */
export const plan = (
  pipeline: Pipeline<any>,
  steps: ReadonlyMap<string, Step<any, any>>,
  options: PlanOptions
): Effect.Effect<Plan, SqlError | UnknownStep, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const chosen = yield* selectSteps(pipeline, options.only)
    const running = pipeline.steps.filter((step) => chosen.includes(step.name) && options.policy(step.name).enabled)
    const scope: Pending.Scope = { items: pipeline.items, selection: options.selection }
    const announced = new Map<string, ReadonlySet<string>>()
    const plans: Array<StepPlan> = []
    for (const step of running) {
      const skip = options.retryFailed || options.selection.items.length > 0 ? new Set<string>() : yield* Pending.standingFailures(step)
      const ready: Array<string> = []
      const after: Array<string> = []
      const blocked: Record<string, number> = {}
      let skipped = 0
      for (const candidate of yield* Pending.candidates(step, steps, scope)) {
        if (skip.has(candidate.item)) {
          skipped++
          continue
        }
        const unmet = candidate.waitingFor.filter((dependency) => !announced.get(dependency)?.has(candidate.item))
        if (candidate.waitingFor.length === 0) ready.push(candidate.item)
        else if (unmet.length === 0) after.push(candidate.item)
        else for (const dependency of unmet) blocked[dependency] = (blocked[dependency] ?? 0) + 1
      }
      const room = options.max ?? Infinity
      const takes = [...ready, ...after].slice(0, room)
      announced.set(step.name, new Set(takes))
      const inRoom = new Set(takes)
      plans.push({
        step: step.name,
        ready: ready.filter((item) => inRoom.has(item)),
        after: after.filter((item) => inRoom.has(item)),
        blocked,
        skipped,
        grows: step.pending !== undefined && step.dependsOn.some((name) => chosen.includes(name)),
        estimate: yield* estimateOf(step, takes, options.policy(step.name).concurrency)
      })
    }
    const known = plans.flatMap((step) => step.estimate === null ? [] : [step.estimate.ms])
    return {
      pipeline: pipeline.name,
      items: pipeline.itemsLabel ?? null,
      steps: plans,
      estimateMs: known.length === 0 ? null : Math.max(...known)
    }
  })
