/** Small text helpers shared by the status, query and doctor views. */

export const percent = (done: number, total: number) => (total === 0 ? 0 : Math.floor((done * 100) / total))

export const clock = (seconds: number | null) => {
  if (seconds === null) return ""
  const s = Math.round(seconds)
  const hours = Math.floor(s / 3600)
  const rest = `${Math.floor((s % 3600) / 60)}:${String(s % 60).padStart(2, "0")}`
  return hours > 0 ? `${hours}:${rest.padStart(5, "0")}` : rest
}

export const bytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(0)} kB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${(n / 1024 ** 3).toFixed(2)} GB`

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** How long ago an ISO time was, in the largest whole unit: "3 min ago", "2 days ago". */
export const ago = (iso: string, nowMs: number) => {
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000))
  if (seconds < 60) return `${seconds} s ago`
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`
  return plural(Math.floor(seconds / 86_400), "day") + " ago"
}

/** "4.2 s", "37 s", "2 min 5 s", "3 h 12 min": rounded first, so never "1 min 60 s". */
export const duration = (ms: number) => {
  const seconds = ms / 1000
  if (seconds < 9.95) return `${seconds.toFixed(1)} s`
  const whole = Math.round(seconds)
  if (whole < 90) return `${whole} s`
  if (whole < 5400) return `${Math.floor(whole / 60)} min ${whole % 60} s`
  const minutes = Math.round(seconds / 60)
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

export const mark = (done: boolean) => (done ? "✓" : "–")
