import { Data } from "effect"
import type { Step } from "./Step.ts"

export class PipelineDefinitionError extends Data.TaggedError("PipelineDefinitionError")<{ readonly message: string }> {}

export interface Pipeline<R = never> {
  readonly name: string
  /** In an order where every step comes after the steps it depends on. */
  readonly steps: ReadonlyArray<Step<R>>
}

/**
 * Checks the DAG when the pipeline is built (unknown or duplicate names, self-dependencies,
 * cycles), not when it runs, and orders the steps topologically (keeping the given order
 * where the graph leaves it free).
 */
export const make = <R>(name: string, steps: ReadonlyArray<Step<R>>): Pipeline<R> => {
  const fail = (message: string): never => {
    throw new PipelineDefinitionError({ message: `pipeline "${name}": ${message}` })
  }
  const byName = new Map<string, Step<R>>()
  for (const step of steps) {
    if (byName.has(step.name)) fail(`step "${step.name}" is defined twice`)
    byName.set(step.name, step)
  }
  for (const step of steps) {
    for (const dependency of step.dependsOn) {
      if (dependency === step.name) fail(`step "${step.name}" depends on itself`)
      if (!byName.has(dependency)) fail(`step "${step.name}" depends on unknown step "${dependency}"`)
    }
  }

  const ordered: Array<Step<R>> = []
  const state = new Map<string, "visiting" | "done">()
  const visit = (step: Step<R>, path: ReadonlyArray<string>): void => {
    const seen = state.get(step.name)
    if (seen === "done") return
    if (seen === "visiting") fail(`cycle ${[...path.slice(path.indexOf(step.name)), step.name].join(" → ")}`)
    state.set(step.name, "visiting")
    for (const dependency of step.dependsOn) visit(byName.get(dependency)!, [...path, step.name])
    state.set(step.name, "done")
    ordered.push(step)
  }
  for (const step of steps) visit(step, [])
  return { name, steps: ordered }
}

