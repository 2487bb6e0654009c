import type { ResolvedConfig } from "../../config/Config.ts"
import type { Pipeline } from "../../engine/Pipeline.ts"
import { describeRetry } from "../../engine/Retry.ts"

const shape = (pipeline: Pipeline<any>) => {
  // Chains as people say them: "covers; youtube → audio".
  const dependants = (name: string) => pipeline.steps.filter((step) => step.dependsOn.includes(name))
  const chain = (name: string): string => {
    const next = dependants(name)
    return next.length === 0 ? name : `${name} → ${next.length === 1 ? chain(next[0]!.name) : `(${next.map((step) => chain(step.name)).join(", ")})`}`
  }
  return pipeline.steps.filter((step) => step.dependsOn.length === 0).map((step) => chain(step.name)).join("; ")
}

/** `crate pipelines`: every configured DAG, then each step with its policies. */
export const pipelinesText = (config: ResolvedConfig) =>
  Object.values(config.pipelines).flatMap((pipeline) => [
    `${pipeline.name}: ${shape(pipeline)}${pipeline.itemsLabel ? ` · ${pipeline.itemsLabel}` : ""}${pipeline.batch ? ` · batch ${pipeline.batch}` : ""}`,
    ...pipeline.steps.map((step) => {
      const policy = config.policies[step.name]!
      const after = step.dependsOn.length === 0 ? "" : ` · after ${step.dependsOn.join(", ")}`
      return `  ${step.name.padEnd(12)} ${step.description}${after} · concurrency ${policy.concurrency} · retry ${describeRetry(policy.retry)}` +
        `${policy.enabled ? "" : " · disabled"} · v${step.version}`
    }),
    ""
  ]).join("\n").trimEnd()

export const pipelinesJson = (config: ResolvedConfig) =>
  JSON.stringify({
    pipelines: Object.values(config.pipelines).map((pipeline) => ({
      name: pipeline.name,
      items: pipeline.itemsLabel ?? null,
      batch: pipeline.batch ?? null,
      steps: pipeline.steps.map((step) => {
        const policy = config.policies[step.name]!
        return {
          name: step.name,
          description: step.description,
          dependsOn: step.dependsOn,
          version: step.version,
          items: step.items.name,
          enabled: policy.enabled,
          concurrency: policy.concurrency,
          retry: describeRetry(policy.retry)
        }
      })
    }))
  })

const node = (pipeline: string, step: string) => `${pipeline}_${step}`.replace(/[^\w]/g, "_")

/** The DAGs as a Mermaid flowchart (GitHub and most Markdown viewers draw it). */
export const pipelinesMermaid = (config: ResolvedConfig) =>
  [
    "flowchart LR",
    ...Object.values(config.pipelines).flatMap((pipeline) => [
      `  subgraph ${node(pipeline.name, "")}["${pipeline.name}"]`,
      ...pipeline.steps.map((step) => `    ${node(pipeline.name, step.name)}["${step.name}"]`),
      ...pipeline.steps.flatMap((step) => step.dependsOn.map((dependency) => `    ${node(pipeline.name, dependency)} --> ${node(pipeline.name, step.name)}`)),
      "  end"
    ])
  ].join("\n")
