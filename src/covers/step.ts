import { Effect } from "effect"
import * as Step from "../engine/Step.ts"

// Placeholder: the real step is being built (see its issue). It has nothing pending, so it does nothing.
export const covers = Step.make({
  name: "covers",
  description: "covers (not built yet)",
  dependsOn: [],
  version: 1,
  label: (releaseId) => `release ${releaseId}`,
  pending: () => Effect.succeed([]),
  run: () => Effect.succeed(Effect.void)
})
