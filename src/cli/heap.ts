import { setFlagsFromString } from "node:v8"

/**
 * crate's live heap is small (~30-40 MB while syncing 50,000 releases) but it allocates fast,
 * and V8's defaults let the heap grow to 3-4 times that before collecting: 260 MB peak RSS
 * where 135 MB do; the price is ~40% more CPU in a sync nothing paces. Both flags are read by the garbage collector as it runs, so setting them
 * now works: the young generation keeps the size start-up gave it (set after the modules
 * are loaded, so that start-up itself is not slowed down), and the old one grows by a fifth of
 * what survives a collection. Measured with `node bin/run-ts.js bench/scale.bench.ts`.
 * Both flags exist in the V8 of Node 20, 22 and 24 (an unknown one would print an error line);
 * some V8 versions hold the growth factor at 2 or more, and there the young generation grows
 * as by default: more memory, nothing else.
 */
export const keepHeapSmall = () => {
  setFlagsFromString("--semi-space-growth-factor=1")
  setFlagsFromString("--heap-growing-percent=20")
}
