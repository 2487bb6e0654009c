import type { Duration } from "effect"
import { Schedule } from "effect"
import * as Pipeline from "../engine/Pipeline.ts"
import type { Retry, RetryPolicy } from "../engine/Retry.ts"
import type { StepPolicy } from "../engine/Runner.ts"
import type { Step } from "../engine/Step.ts"
import type { PipelineDefinition } from "./pipeline.ts"
import { isPipelineDefinition } from "./pipeline.ts"
import type { UserConfig } from "./schema.ts"

type Decoded = typeof UserConfig.Type
type StepSettings = NonNullable<Decoded["steps"]>[string]

/** What a step retries with when neither it nor the config says. */
export const defaultRetry: RetryPolicy = { times: 4, base: "2 seconds" }

// The schema checked that Duration can read it.
export const duration = (given: string | number | undefined, fallback: Duration.DurationInput): Duration.DurationInput =>
  (given as Duration.DurationInput | undefined) ?? fallback

export const retryPolicy = (given: { readonly times?: number | undefined; readonly base?: string | number | undefined } | undefined, defaults: RetryPolicy): RetryPolicy => ({
  times: given?.times ?? defaults.times,
  base: duration(given?.base, defaults.base)
})

const retryOf = (given: StepSettings["retry"], step: Step<any, any>): Retry => {
  const own = step.retry ?? defaultRetry
  if (given === undefined) return own
  if (Schedule.isSchedule(given)) return given
  return retryPolicy(given as { times?: number; base?: string | number }, Schedule.isSchedule(own) ? defaultRetry : own)
}

const names = (values: Iterable<string>) => [...values].join(", ")

/**
 * The pipelines in force and each step's policies: the config's declared pipelines (or the
 * built-in ones when it declares none), checked as DAGs; policies keyed by step name, checked
 * against the steps present. Throws one line naming what is wrong.
 */
export const resolvePipelines = (user: Decoded, builtins: Readonly<Record<string, PipelineDefinition>>) => {
  const given = user.pipelines ?? {}
  const declared = Object.entries(given).filter(([, value]) => isPipelineDefinition(value)) as Array<[string, PipelineDefinition]>
  const definitions: Record<string, PipelineDefinition> = declared.length > 0 ? Object.fromEntries(declared) : { ...builtins }
  const settings: Record<string, StepSettings> = {}

  // The older form `pipelines: { assets: { batch, steps } }` tunes a pipeline without declaring it.
  for (const [name, value] of Object.entries(given)) {
    if (isPipelineDefinition(value)) continue
    const definition = definitions[name]
    if (definition === undefined) {
      throw new Error(`pipelines.${name}: there is no pipeline "${name}" to tune; the pipelines are: ${names(Object.keys(definitions))} (declare a new one with pipeline(...))`)
    }
    const tuning = value as { batch?: number; steps?: Record<string, StepSettings> }
    const own = new Set(definition.steps.map((step) => step.name))
    for (const [step, policy] of Object.entries(tuning.steps ?? {})) {
      if (!own.has(step)) throw new Error(`pipelines.${name}.steps.${step}: pipeline "${name}" has no step "${step}"; its steps are: ${names(own)}`)
      settings[step] = policy
    }
    if (tuning.batch !== undefined) definitions[name] = { ...definition, batch: tuning.batch }
  }

  const pipelines: Record<string, Pipeline.Pipeline<any>> = {}
  for (const [name, definition] of Object.entries(definitions)) {
    const items = definition.items
    try {
      pipelines[name] = Pipeline.make(name, definition.steps, {
        items: typeof items === "object" && items !== null ? items.condition : items,
        itemsLabel: typeof items === "object" && items !== null ? items.label : items === undefined ? undefined : "releases where a condition holds",
        batch: definition.batch
      })
    } catch (error) {
      throw new Error(`pipelines.${name}: ${(error as Error).message.replace(`pipeline "${name}": `, "")}`)
    }
  }
  const steps = Pipeline.stepsOf(Object.values(pipelines))

  for (const [name, policy] of Object.entries(user.steps ?? {})) {
    if (!steps.has(name)) throw new Error(`steps.${name}: no pipeline has a step "${name}"; the steps are: ${names(steps.keys())}`)
    settings[name] = { ...settings[name], ...policy }
  }
  const policies: Record<string, StepPolicy> = {}
  for (const step of steps.values()) {
    const own = settings[step.name]
    policies[step.name] = {
      enabled: own?.enabled ?? true,
      concurrency: own?.concurrency ?? step.concurrency ?? 1,
      retry: retryOf(own?.retry, step)
    }
  }
  return { pipelines, steps, policies }
}
