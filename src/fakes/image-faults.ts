/** A fault for requests to one exact path; `times` defaults to every request. */
export interface PathFault {
  readonly path: string
  readonly times?: number
}

export interface ImageFaultPlan {
  /** 404, as for an image Discogs deleted. */
  readonly notFound?: ReadonlyArray<PathFault>
  /** 500 (or the given status), as an overloaded image host answers. */
  readonly serverError?: ReadonlyArray<PathFault & { readonly status?: 500 | 502 | 503 }>
  /** 200 with an HTML error page as the body. */
  readonly htmlPage?: ReadonlyArray<PathFault>
  /** The whole image's Content-Length, then half the bytes, then the socket is closed. */
  readonly truncated?: ReadonlyArray<PathFault>
  /** 302 to `to` (any URL: another host, a loopback name that is not allowed). */
  readonly redirect?: ReadonlyArray<PathFault & { readonly to: string }>
  /** 200, chunked with no Content-Length, `bytes` long: a JPEG's first bytes, then filler, sent as it is made. */
  readonly huge?: ReadonlyArray<PathFault & { readonly bytes: number }>
}

export type ImageFaultKind = keyof ImageFaultPlan

export interface ImageFault {
  readonly kind: ImageFaultKind
  readonly status: number
  readonly to?: string
  readonly bytes?: number
}

const kinds: ReadonlyArray<ImageFaultKind> = ["notFound", "serverError", "htmlPage", "truncated", "redirect", "huge"]

/** The counters of one plan: each request to a path uses up one `times` of the first matching fault. */
export class ImageFaultState {
  private readonly left = new Map<object, number>()

  constructor(private readonly plan: ImageFaultPlan = {}) {}

  decide(path: string): ImageFault | undefined {
    for (const kind of kinds) {
      const faults: ReadonlyArray<PathFault & { readonly status?: number; readonly to?: string; readonly bytes?: number }> = this.plan[kind] ?? []
      for (const fault of faults) {
        if (fault.path !== path) continue
        const left = this.left.get(fault) ?? fault.times ?? Infinity
        if (left <= 0) continue
        this.left.set(fault, left - 1)
        const status = kind === "notFound" ? 404 : kind === "serverError" ? fault.status ?? 500 : kind === "redirect" ? 302 : 200
        return { kind, status, ...(fault.to === undefined ? {} : { to: fault.to }), ...(fault.bytes === undefined ? {} : { bytes: fault.bytes }) }
      }
    }
    return undefined
  }
}
