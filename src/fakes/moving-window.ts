import { performance } from "node:perf_hooks"

/**
 * Moving-window request counter, the way Discogs counts its rate limit: a request is "used"
 * while its arrival time is within the last `windowMs`. Rejected requests are not recorded.
 */
export class MovingWindow {
  private stamps: Array<number> = []
  private head = 0

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = () => performance.now()
  ) {}

  /** Number of requests counted in the window right now. */
  used(): number {
    this.prune(this.now())
    return this.stamps.length - this.head
  }

  /** Counts the request if there is room; `used` includes it when allowed. */
  tryAcquire(): { readonly allowed: boolean; readonly used: number } {
    const now = this.now()
    this.prune(now)
    const used = this.stamps.length - this.head
    if (used >= this.limit) return { allowed: false, used }
    this.stamps.push(now)
    return { allowed: true, used: used + 1 }
  }

  private prune(now: number): void {
    const cutoff = now - this.windowMs
    while (this.head < this.stamps.length && (this.stamps[this.head] ?? Infinity) <= cutoff) this.head++
    // Drop the consumed prefix now and then instead of shifting on every request.
    if (this.head > 1024 && this.head * 2 > this.stamps.length) {
      this.stamps = this.stamps.slice(this.head)
      this.head = 0
    }
  }
}
