export interface ItemRef {
  readonly step: string
  readonly item: string
  /** How people call the item, e.g. "release 1503102". */
  readonly label: string
}

export interface ErrorInfo {
  readonly kind: string
  readonly reason: string
  readonly message: string
}

export interface StepSummary {
  readonly step: string
  readonly done: number
  readonly failed: number
  /** Items that failed permanently in an earlier run and were not tried again. */
  readonly skipped: number
  /** Failures of this run by reason. */
  readonly failures: Readonly<Record<string, number>>
  /** Why the step stopped taking items early, if it did (a spent budget, say). */
  readonly deferred: string | null
  /** Items still pending when the step stopped (not counting permanent failures). */
  readonly remaining: number
}

export interface RunSummary {
  readonly runId: number
  readonly pipeline: string
  readonly status: "completed" | "failed" | "interrupted"
  readonly durationMs: number
  readonly steps: ReadonlyArray<StepSummary>
  readonly error: string | null
}

/** What the runner reports as it goes; the CLI renders these as bars, log lines or JSON. */
export type RunEvent =
  | { readonly _tag: "RunStarted"; readonly runId: number; readonly pipeline: string; readonly steps: ReadonlyArray<string>; readonly recovered: number }
  | { readonly _tag: "ItemsQueued"; readonly step: string; readonly count: number }
  | ({ readonly _tag: "ItemStarted" } & ItemRef)
  | ({ readonly _tag: "ItemRetrying"; readonly attempt: number; readonly delayMs: number; readonly error: ErrorInfo } & ItemRef)
  | ({ readonly _tag: "ItemDone"; readonly durationMs: number } & ItemRef)
  | ({ readonly _tag: "ItemFailed"; readonly error: ErrorInfo } & ItemRef)
  | ({ readonly _tag: "ItemDeferred"; readonly error: ErrorInfo } & ItemRef)
  | { readonly _tag: "StepNotice"; readonly step: string; readonly message: string }
  | { readonly _tag: "StepFinished"; readonly summary: StepSummary }
  | { readonly _tag: "RunFinished"; readonly summary: RunSummary }
