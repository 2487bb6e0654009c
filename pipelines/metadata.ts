import { pipeline } from "crate"
import { collection, release } from "crate/steps"

/** Phase 1: list the Discogs collection, then sync every release not synced yet. Writes only Discogs data. */
export const metadata = pipeline(collection, release)
