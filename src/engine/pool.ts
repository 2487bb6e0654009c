import { Effect } from "effect"

/**
 * Runs `f` on every item, at most `concurrency` at once, each item started in order. The
 * first failure interrupts the items in flight and waits until they have finished, their
 * finalizers included, before failing.
 *
 * Not `Effect.forEach(items, f, { concurrency })`: in effect 3.22 its bounded form counts a
 * failure twice when items are still waiting, and returns while the other items' finalizers
 * still run (seen as a temporary file left behind on a full disk: the process exited before
 * its removal). Its unbounded form counts right, so here `concurrency` workers, forked
 * unbounded, each take the next item until none is left.
 */
export const forEachPooled = <A, E, R>(
  items: ReadonlyArray<A>,
  concurrency: number,
  f: (item: A) => Effect.Effect<void, E, R>
): Effect.Effect<void, E, R> =>
  Effect.suspend(() => {
    let next = 0
    const worker: Effect.Effect<void, E, R> = Effect.suspend(() =>
      next < items.length ? Effect.zipRight(f(items[next++]!), worker) : Effect.void
    )
    const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, () => worker)
    return Effect.forEach(workers, (run) => run, { concurrency: "unbounded", discard: true })
  })
