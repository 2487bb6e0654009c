import { Effect } from "effect"
import * as Step from "../engine/Step.ts"

// Placeholder: the real step is being built (see its issue). It has nothing pending, so it does nothing.
export const audio = Step.make({
  name: "audio",
  description: "audio (not built yet)",
  dependsOn: ["youtube"],
  version: 1,
  label: (releaseId) => `release ${releaseId}`,
  pending: () => Effect.succeed([]),
  run: () => Effect.succeed(Effect.void)
})
