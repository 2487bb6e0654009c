export interface FaultPlan {
  /** The first `times` requests to that exact path fail with `status` (default 500). */
  readonly serverErrors?: ReadonlyArray<{ readonly path: string; readonly times: number; readonly status?: 500 | 502 | 503 }>
  /** After `afterRequests` requests in total (counted from when the plan was set), the next `count` get 429. */
  readonly rateLimitBurst?: { readonly afterRequests: number; readonly count: number }
  /** 200 with `body` as given, or by default the real body truncated to half (not valid JSON). `times` default Infinity. */
  readonly malformed?: ReadonlyArray<{ readonly path: string; readonly times?: number; readonly body?: string }>
  /** Pages of a collection listing that fail: the first `times` requests for `page` answer `status`. */
  readonly collectionPages?: ReadonlyArray<{ readonly page: number; readonly times: number; readonly status: 404 | 500 | 502 | 503 }>
  /** Collection listings announce this many pages, whatever they hold (pagination that lies). */
  readonly claimedPages?: number
  /** Send the headers and half the body, then destroy the socket. */
  readonly dropConnection?: ReadonlyArray<{ readonly path: string; readonly times: number }>
  /** Seeded failures for soak tests; deterministic for a given seed and request sequence. */
  readonly random?: {
    readonly seed: number
    readonly serverErrorRate?: number
    readonly dropRate?: number
    /** This share of the responses comes `slowMs` late (default 500 ms), whatever it is. */
    readonly slowRate?: number
    readonly slowMs?: number
  }
}

export type FaultKind = "rateLimitBurst" | "serverError" | "malformed" | "dropped"

export type ServerErrorStatus = 500 | 502 | 503

/** mulberry32: tiny seeded PRNG, uniform in [0, 1). */
export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Budget<A> {
  readonly path: string
  left: number
  readonly value: A
}

const budgets = <E extends { readonly path: string }, A>(
  entries: ReadonlyArray<E> | undefined,
  times: (e: E) => number,
  value: (e: E) => A
): Array<Budget<A>> => (entries ?? []).map((e) => ({ path: e.path, left: times(e), value: value(e) }))

/** Takes one use from the first budget for `path` that has any left. */
const consume = <A>(list: Array<Budget<A>>, path: string): Budget<A> | undefined => {
  const b = list.find((b) => b.path === path && b.left > 0)
  if (b) b.left--
  return b
}

/** The mutable counters of one FaultPlan; replaced as a whole by `setFaults`. */
export class FaultState {
  private seen = 0
  private readonly serverErrors: Array<Budget<ServerErrorStatus>>
  private readonly malformedBodies: Array<Budget<string | undefined>>
  private readonly drops: Array<Budget<true>>
  private readonly pages: Array<Budget<404 | 500 | 502 | 503>>
  private readonly rng: (() => number) | undefined

  constructor(private readonly plan: FaultPlan = {}) {
    this.serverErrors = budgets(plan.serverErrors, (e) => e.times, (e) => e.status ?? 500)
    this.malformedBodies = budgets(plan.malformed, (e) => e.times ?? Infinity, (e) => e.body)
    this.drops = budgets(plan.dropConnection, (e) => e.times, () => true as const)
    this.pages = budgets((plan.collectionPages ?? []).map((e) => ({ ...e, path: String(e.page) })), (e) => e.times, (e) => e.status)
    this.rng = plan.random ? mulberry32(plan.random.seed) : undefined
  }

  /** Called once for every request on arrival. */
  burst(): boolean {
    this.seen++
    const b = this.plan.rateLimitBurst
    return b !== undefined && this.seen > b.afterRequests && this.seen <= b.afterRequests + b.count
  }

  serverError(path: string): ServerErrorStatus | undefined {
    const planned = consume(this.serverErrors, path)
    if (planned) return planned.value
    const rate = this.plan.random?.serverErrorRate
    return this.rng && rate !== undefined && this.rng() < rate ? 500 : undefined
  }

  /** The status a request for this page of a collection is to get instead of the page, if any. */
  collectionPage(page: number): 404 | 500 | 502 | 503 | undefined {
    return consume(this.pages, String(page))?.value
  }

  get claimedPages(): number | undefined {
    return this.plan.claimedPages
  }

  drop(path: string): boolean {
    if (consume(this.drops, path)) return true
    const rate = this.plan.random?.dropRate
    return this.rng !== undefined && rate !== undefined && this.rng() < rate
  }

  /** How much later than usual this response is to come: 0, or `slowMs` for a share `slowRate` of them. */
  delay(): number {
    const rate = this.plan.random?.slowRate
    return this.rng !== undefined && rate !== undefined && this.rng() < rate ? this.plan.random?.slowMs ?? 500 : 0
  }

  /** `{ body }` when this response is to be malformed; `body` undefined means "truncate the real one". */
  malformed(path: string): { readonly body: string | undefined } | undefined {
    const planned = consume(this.malformedBodies, path)
    return planned && { body: planned.value }
  }
}
