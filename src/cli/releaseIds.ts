import { Effect } from "effect"
import { UserError } from "./UserError.ts"

/** `--release-id` values as numbers, or one line saying which value is not a release id. */
export const parseReleaseIds = (values: ReadonlyArray<string>) =>
  Effect.forEach(values, (value) =>
    /^[1-9][0-9]{0,11}$/.test(value.trim())
      ? Effect.succeed(Number(value))
      : Effect.fail(new UserError({ message: `--release-id ${value}: expected a Discogs release id, a whole number such as 1503102` })))
