import { type FailureGroup, type RunRow, runStepCounts, type Status, type StepProgress, type TrackFigures } from "../../query/status.ts"
import { ago, duration, percent, plural } from "../../query/text.ts"

// Each figure names what it counts: "YouTube: 7/7 releases (100%), 14/134 tracks with a video".
const progress = (p: StepProgress) =>
  `${p.title}: ${p.done}/${p.total} ${p.unit}s (${percent(p.done, p.total)}%)` +
  (p.tracks === undefined ? "" : `, ${p.tracks.done}/${p.tracks.total} tracks ${p.tracks.what}`)

/**
 * The seed's one-line view, with a figure per step, each saying what it counts:
 * `Releases: 618 · Covers: 10/100 releases (10%) · YouTube: 5/100 releases (5%), 40/1200 tracks with a video · …`.
 */
export const statusLine = (status: Status) => [`Releases: ${status.releases}`, ...status.steps.map(progress)].join(" · ")

const runSteps = (run: RunRow) =>
  runStepCounts(run).map((step) =>
    `${step.step} ${step.done} done${step.failed > 0 ? `, ${step.failed} failed` : ""}${(step.remaining ?? 0) > 0 ? `, ${step.remaining} left` : ""}`
  ).join(" · ")

const runLine = (run: RunRow, nowMs: number) => {
  const took = run.finished_at === null ? "" : `, ${duration(Date.parse(run.finished_at) - Date.parse(run.started_at))}`
  const what = run.status === "failed" && run.error ? `: ${run.error}` : ""
  const steps = runSteps(run)
  return `  #${String(run.run_id).padEnd(4)} ${run.pipeline.padEnd(8)} ${run.status.padEnd(11)} ${ago(run.started_at, nowMs)}${took}` +
    `${steps ? `  ${steps}` : ""}${what}  (${run.command})`
}

const stepName = (row: { readonly step: string }) => row.step.padEnd(12)

const failureLine = (group: FailureGroup) =>
  `  ${stepName(group)} ${group.count} ${group.reason} (${group.kind}), e.g. ${group.step === "collection" ? "" : "release "}${group.item}: ${group.message}`

const resetHint = (failures: ReadonlyArray<FailureGroup>) => {
  const permanent = [...new Set(failures.filter((group) => group.kind === "permanent").map((group) => group.step))]
  if (permanent.length === 0) return []
  const commands = permanent.map((step) => step === "release" ? "`crate run metadata --retry-failed`" : `\`crate reset ${step} --failed\``)
  return [`  Permanent failures are skipped by later runs; to try them again: ${commands.join(", ")}.`]
}

/** What the release figures do not say: `Tracks: 134 · with a video: 14 · no match: 120 · audio files: 14`. */
export const tracksLine = (tracks: TrackFigures) =>
  `Tracks: ${tracks.total} · with a video: ${tracks.matched} · no match: ${tracks.noMatch} · audio files: ${tracks.audioFiles}`

/** `crate status` for people: the seed's line, then what is left, what failed and why, and the last runs. */
export const statusText = (status: Status, nowMs: number) => {
  const lines = [
    statusLine(status),
    tracksLine(status.tracks)
  ]
  if (status.running !== null) {
    lines.push(`A run is writing now: \`${status.running.command}\` (pid ${status.running.pid} on ${status.running.hostname}, since ${status.running.since})`)
  }
  lines.push("", "Pending:")
  for (const work of status.pending) {
    const ready = work.releases === 0 ? (work.waiting === 0 ? "nothing" : "none yet") : plural(work.releases, work.unit)
    lines.push(`  ${stepName(work)} ${ready}${work.waiting > 0 ? `, ${work.waiting} more waiting for ${work.waitingFor.join(" and ")}` : ""}`)
  }
  if (status.paused.length > 0) {
    lines.push("", "Paused:")
    for (const paused of status.paused) lines.push(`  ${stepName(paused)} ${plural(paused.count, "release")}: ${paused.message}`)
  }
  if (status.failures.length > 0) {
    lines.push("", "Failures:", ...status.failures.map(failureLine), ...resetHint(status.failures))
  }
  if (status.runs.length > 0) lines.push("", "Last runs:", ...status.runs.map((run) => runLine(run, nowMs)))
  return lines.join("\n")
}
