/** One line of `crate doctor`. */
export interface CheckResult {
  readonly name: string
  readonly status: "ok" | "warn" | "fail"
  readonly detail: string
  /** A failed essential check makes `crate doctor` exit 1; others only inform. */
  readonly essential: boolean
}

export const ok = (name: string, detail: string): CheckResult => ({ name, status: "ok", detail, essential: false })
export const warn = (name: string, detail: string): CheckResult => ({ name, status: "warn", detail, essential: false })
export const fail = (name: string, detail: string, essential = true): CheckResult => ({ name, status: "fail", detail, essential })

const marks = { ok: "✓", warn: "!", fail: "✗" } as const

export const checkLine = (check: CheckResult) => `${marks[check.status]} ${check.name}: ${check.detail}`
