/**
 * crate's public API, for pipeline.config.ts, user steps and scripts:
 * `import { defineConfig, pipeline, releases, Step } from "crate"`. The built-in steps are in
 * "crate/steps". Effect's own modules come from "effect" and "@effect/sql" as usual: a
 * config run by crate gets crate's copies of them.
 */
export { CrateConfig, type ResolvedConfig } from "./config/Config.ts"
export { defineConfig, type UserConfig } from "./config/defineConfig.ts"
export { pipeline, type PipelineDefinition, type PipelineSettings } from "./config/pipeline.ts"
export { ErrorInfo, RunEvent, RunSummary, StepSummary } from "./engine/events.ts"
export type { Condition, ItemSpace, ItemTable } from "./engine/ItemSpace.ts"
export type { Retry, RetryPolicy } from "./engine/Retry.ts"
export * as Step from "./engine/Step.ts"
export { StepError } from "./engine/StepError.ts"
export { inTransaction } from "./engine/transaction.ts"
export { tempPath, writeFileAtomic } from "./library/files.ts"
export { releaseFolder } from "./library/releaseFolder.ts"
export { ReleaseId, releaseItems } from "./library/releaseItems.ts"
export { audioTrackItems, TrackId } from "./library/trackItems.ts"
export { type ItemSelection, type ReleaseFilter, releases } from "./library/selectReleases.ts"
export * as DiscogsDatabase from "./query/DiscogsDatabase.ts"
