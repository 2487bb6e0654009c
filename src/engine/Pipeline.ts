import { Data, Either } from "effect"
import type { Condition } from "./ItemSpace.ts"
import type { Step } from "./Step.ts"

export class PipelineDefinitionError extends Data.TaggedError("PipelineDefinitionError")<{ readonly message: string }> {}

export class UnknownStep extends Data.TaggedError("UnknownStep")<{ readonly pipeline: string; readonly step: string; readonly known: ReadonlyArray<string> }> {
  override get message() {
    return `pipeline "${this.pipeline}" has no step "${this.step}"; its steps are: ${this.known.join(", ")}`
  }
}

export interface PipelineOptions {
  /** Narrows the items of the pipeline's steps (a SQL condition on their item space's row). */
  readonly items?: Condition | undefined
  /** How the items are described, e.g. "releases of 1990–1999, genre Electronic". */
  readonly itemsLabel?: string | undefined
  /** Default for `--max`: each step takes at most this many items a run. */
  readonly batch?: number | undefined
}

export interface Pipeline<R = never> extends PipelineOptions {
  readonly name: string
  /** In an order where every step comes after the steps it depends on. */
  readonly steps: ReadonlyArray<Step<any, R>>
}

/**
 * Checks the DAG when the pipeline is built (unknown or duplicate names, self-dependencies,
 * cycles), not when it runs, and orders the steps topologically (keeping the given order
 * where the graph leaves it free).
 */
export const make = <R>(name: string, steps: ReadonlyArray<Step<any, R>>, options: PipelineOptions = {}): Pipeline<R> => {
  const fail = (message: string): never => {
    throw new PipelineDefinitionError({ message: `pipeline "${name}": ${message}` })
  }
  const byName = new Map<string, Step<any, R>>()
  for (const step of steps) {
    if (byName.has(step.name)) fail(`two steps are named "${step.name}"`)
    byName.set(step.name, step)
  }
  for (const step of steps) {
    for (const dependency of step.dependsOn) {
      if (dependency === step.name) fail(`step "${step.name}" depends on itself`)
      if (!byName.has(dependency)) {
        fail(`step "${step.name}" depends on "${dependency}", which is not in the pipeline; its steps are: ${[...byName.keys()].join(", ")}`)
      }
    }
  }

  const ordered: Array<Step<any, R>> = []
  const state = new Map<string, "visiting" | "done">()
  const visit = (step: Step<any, R>, path: ReadonlyArray<string>): void => {
    const seen = state.get(step.name)
    if (seen === "done") return
    if (seen === "visiting") fail(`cycle ${[...path.slice(path.indexOf(step.name)), step.name].join(" → ")}`)
    state.set(step.name, "visiting")
    for (const dependency of step.dependsOn) visit(byName.get(dependency)!, [...path, step.name])
    state.set(step.name, "done")
    ordered.push(step)
  }
  for (const step of steps) visit(step, [])
  return { ...options, name, steps: ordered }
}

/** Every step known (all pipelines together), by name: two different steps may not share a name. */
export const stepsOf = <R>(pipelines: ReadonlyArray<Pipeline<R>>): ReadonlyMap<string, Step<any, R>> => {
  const byName = new Map<string, Step<any, R>>()
  for (const pipeline of pipelines) {
    for (const step of pipeline.steps) {
      const known = byName.get(step.name)
      if (known !== undefined && known !== step) {
        throw new PipelineDefinitionError({ message: `two different steps are named "${step.name}" (one is in pipeline "${pipeline.name}"): give one another name` })
      }
      byName.set(step.name, step)
    }
  }
  return byName
}

/** The steps that read `name`'s work, directly or through others, in dependency order. */
export const downstreamOf = <R>(steps: ReadonlyMap<string, Step<any, R>>, name: string): ReadonlyArray<Step<any, R>> => {
  const found = new Set<string>()
  const visit = (of: string) => {
    for (const step of steps.values()) {
      if (step.dependsOn.includes(of) && !found.has(step.name)) {
        found.add(step.name)
        visit(step.name)
      }
    }
  }
  visit(name)
  return [...steps.values()].filter((step) => found.has(step.name))
}

/** `--only` in its three forms: `youtube` (that step), `youtube+` (and what depends on it), `+audio` (and what it needs). */
export const selectSteps = <R>(pipeline: Pipeline<R>, only: ReadonlyArray<string>): Either.Either<ReadonlyArray<string>, UnknownStep> => {
  if (only.length === 0) return Either.right(pipeline.steps.map((step) => step.name))
  const byName = new Map(pipeline.steps.map((step) => [step.name, step]))
  const chosen = new Set<string>()
  const upstream = (name: string) => {
    if (chosen.has(name)) return
    chosen.add(name)
    for (const dependency of byName.get(name)!.dependsOn) upstream(dependency)
  }
  for (const word of only) {
    const name = word.replace(/^\+|\+$/g, "")
    if (!byName.has(name)) return Either.left(new UnknownStep({ pipeline: pipeline.name, step: name, known: [...byName.keys()] }))
    if (word.startsWith("+")) upstream(name)
    else chosen.add(name)
    if (word.endsWith("+")) for (const step of downstreamOf(byName, name)) chosen.add(step.name)
  }
  return Either.right(pipeline.steps.map((step) => step.name).filter((name) => chosen.has(name)))
}
