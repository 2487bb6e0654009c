import { audio } from "../src/audio/step.ts"
import { covers } from "../src/covers/step.ts"
import * as Pipeline from "../src/engine/Pipeline.ts"
import { youtube } from "../src/youtube/step.ts"

/**
 * Phase 2, for releases phase 1 synced: `covers` on its own; `youtube` → `audio`, so a
 * release's audio starts as soon as that release is matched. Writes only enrichment
 * tables, flags and files; never Discogs data.
 */
export const assets = Pipeline.make("assets", [covers, youtube, audio])
