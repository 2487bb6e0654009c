import { audio } from "../src/audio/step.ts"
import { covers } from "../src/covers/step.ts"
import * as Pipeline from "../src/engine/Pipeline.ts"
import type { Step } from "../src/engine/Step.ts"
import { youtube } from "../src/youtube/step.ts"

// Spelled out: TypeScript does not infer a union of the steps' different service needs.
type Needs<S> = S extends Step<infer R> ? R : never

/**
 * Phase 2, for releases phase 1 synced: `covers` on its own; `youtube` → `audio`, so a
 * release's audio starts as soon as that release is matched. Writes only enrichment
 * tables, flags and files; never Discogs data.
 */
export const assets = Pipeline.make<Needs<typeof covers | typeof youtube | typeof audio>>("assets", [covers, youtube, audio])
