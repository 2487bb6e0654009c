import { assets } from "./assets.ts"
import { metadata } from "./metadata.ts"

/**
 * The pipelines crate runs when pipeline.config.ts declares none, written with the public API
 * exactly as a user would; a config's `pipelines` replaces them.
 */
export const builtinPipelines = { metadata, assets }
