/**
 * crate's built-in steps, for `pipeline(...)` in pipeline.config.ts:
 * `import { collection, release, covers, youtube, audio, analysis, waveform, playlists } from "crate/steps"`.
 */
export { analysis } from "./analysis/step.ts"
export { audio } from "./audio/step.ts"
export { covers } from "./covers/step.ts"
export { playlists } from "./playlist/step.ts"
export { collection } from "./sync/collection.ts"
export { release } from "./sync/release.ts"
export { waveform } from "./waveform/step.ts"
export { youtube } from "./youtube/step.ts"
