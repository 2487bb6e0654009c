import { Effect } from "effect"
import type { ResolvedConfig } from "../config/Config.ts"
import type { Step } from "../engine/Step.ts"
import { didYouMean } from "./closest.ts"
import { UserError } from "./UserError.ts"

/** A step of the configured pipelines by name, or one line naming the steps there are. */
export const findStep = (config: ResolvedConfig, name: string): Effect.Effect<Step<any, any>, UserError> => {
  const step = config.steps.get(name)
  if (step !== undefined) return Effect.succeed(step)
  const known = [...config.steps.keys()]
  return Effect.fail(new UserError({ message: `no step "${name}"${didYouMean(name, known)}; the steps are: ${known.join(", ")}` }))
}
