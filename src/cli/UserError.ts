import { Data } from "effect"

/** Something the user can fix: printed as one line (`crate: …`), exit status 1, no stack trace. */
export class UserError extends Data.TaggedError("UserError")<{ readonly message: string }> {}

/** Errors whose message is already written for people; anything else is a bug and gets its details printed. */
const userFacing = new Set(["UserError", "ConfigError", "DatabaseError", "DatabaseBusy", "RunFailed", "UnknownStep", "DiscogsError"])

export const isUserFacing = (error: unknown): error is { readonly _tag: string; readonly message: string } =>
  typeof error === "object" && error !== null && "_tag" in error && userFacing.has(String(error._tag))
