import { assets } from "./assets.ts"
import { metadata } from "./metadata.ts"

/** Every pipeline `crate run` knows, by name. Their steps' policies come from pipeline.config.ts. */
export const pipelines = { metadata, assets }

export type PipelineName = keyof typeof pipelines
