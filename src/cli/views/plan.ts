import type { Plan, StepPlan } from "../../query/plan.ts"
import { duration, plural } from "../../query/text.ts"

const stepLine = (step: StepPlan, item: string) => {
  const parts = [step.ready.length === 0 && step.after.length === 0 ? "nothing to do" : `${plural(step.ready.length, item)} now`]
  if (step.after.length > 0) parts[0] += `, ${step.after.length} more once the steps before it have done them`
  if (step.grows) parts.push("and what the listing before it adds")
  for (const [dependency, count] of Object.entries(step.blocked)) parts.push(`${count} waiting for ${dependency}, which this run does not run`)
  if (step.skipped > 0) parts.push(`${step.skipped} skipped (failed for good; --retry-failed takes them)`)
  if (step.estimate !== null && step.estimate.ms > 0) parts.push(`about ${duration(step.estimate.ms)} (${step.estimate.basis})`)
  return `  ${step.step.padEnd(12)} ${parts.join(" · ")}`
}

/** `crate plan` for people: per step what a run would take now and later, and how long it would take. */
const overall = (plan: Plan) =>
  plan.steps.every((step) => step.ready.length + step.after.length === 0 && !step.grows)
    ? "nothing to do"
    : plan.estimateMs === null ? "no estimate yet" : `about ${duration(plan.estimateMs)}, its steps side by side`

export const planText = (plan: Plan, command: string, itemName: (step: string) => string) =>
  [
    `${plan.pipeline}${plan.items === null ? "" : ` (${plan.items})`}: ${overall(plan)}`,
    ...plan.steps.map((step) => stepLine(step, itemName(step.step))),
    `Read from the database only: nothing was fetched or written. \`${command}\` does this work.`
  ].join("\n")
