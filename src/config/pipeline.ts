import type { Condition } from "../engine/ItemSpace.ts"
import type { Step } from "../engine/Step.ts"
import type { ItemSelection } from "../library/selectReleases.ts"

export interface PipelineSettings {
  /** Narrows the items of the pipeline's steps: `releases({ year: [1990, 1999] })`, or a SQL condition on the release row `r`. */
  readonly items?: ItemSelection | Condition | undefined
  /** Default for `--max`: each step takes at most this many items a run. */
  readonly batch?: number | undefined
}

/** A pipeline as pipeline.config.ts declares it; its name is its key under `pipelines`. */
export interface PipelineDefinition extends PipelineSettings {
  readonly _tag: "PipelineDefinition"
  readonly steps: ReadonlyArray<Step<any, any>>
}

const isStep = (value: unknown): value is Step<any, any> =>
  typeof value === "object" && value !== null && typeof (value as Step).name === "string" && typeof (value as Step).run === "function"

/**
 * `pipeline(covers, youtube, audio)`, or with settings last:
 * `pipeline(covers, youtube, { items: releases({ genre: "Electronic" }), batch: 50 })`.
 * The steps' order is free: each runs after the steps it depends on.
 */
export const pipeline = (...parts: ReadonlyArray<Step<any, any> | PipelineSettings>): PipelineDefinition => {
  const steps = parts.filter(isStep)
  const settings = parts.filter((part): part is PipelineSettings => !isStep(part))
  return { _tag: "PipelineDefinition", steps, ...Object.assign({}, ...settings) as PipelineSettings }
}

export const isPipelineDefinition = (value: unknown): value is PipelineDefinition =>
  typeof value === "object" && value !== null && (value as PipelineDefinition)._tag === "PipelineDefinition"
