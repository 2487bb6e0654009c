import { pipeline } from "crate"
import { audio, covers, youtube } from "crate/steps"

/**
 * Phase 2, for releases phase 1 synced: `covers` on its own; `youtube` → `audio`, so a
 * release's audio starts as soon as that release is matched. Writes only enrichment
 * tables, flags and files; never Discogs data.
 */
export const assets = pipeline(covers, youtube, audio)
