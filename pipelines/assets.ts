import { pipeline } from "crate"
import { analysis, audio, covers, waveform, youtube } from "crate/steps"

/**
 * Phase 2, for releases phase 1 synced: `covers` on its own; `youtube` → `audio` →
 * `analysis` → `waveform`, so a release's audio starts as soon as that release is matched,
 * and a track is analysed as soon as its file is in place. Writes only enrichment tables,
 * flags and files; never Discogs data.
 */
export const assets = pipeline(covers, youtube, audio, analysis, waveform)
