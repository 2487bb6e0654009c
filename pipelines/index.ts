import { metadata } from "./metadata.ts"

/** Every pipeline `crate run` knows, by name. Their steps' policies come from pipeline.config.ts. */
export const pipelines = { metadata }

export type PipelineName = keyof typeof pipelines
