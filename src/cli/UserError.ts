import { Data } from "effect"
import { describeOpenFailure } from "../library/Database.ts"

/** Something the user can fix: printed as one line (`crate: …`), exit status 1, no stack trace. */
export class UserError extends Data.TaggedError("UserError")<{ readonly message: string }> {}

/** A wrong command line (no such pipeline or step): one line like UserError, exit status 2. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/** A run that recorded failures: its summary has said which and why; the command exits 1. */
export class RunIncomplete extends Data.TaggedError("RunIncomplete")<{ readonly failed: number }> {}

/** Errors whose message is already written for people; anything else is a bug and gets its details printed. */
const userFacing = new Set(["UserError", "UsageError", "ConfigError", "DatabaseError", "DatabaseBusy", "RunFailed", "UnknownStep", "DiscogsError"])

export const isUserFacing = (error: unknown): error is { readonly _tag: string; readonly message: string } =>
  typeof error === "object" && error !== null && "_tag" in error && userFacing.has(String(error._tag))

const databaseCodes = /^SQLITE_(CORRUPT|NOTADB|CANTOPEN|READONLY|PERM|FULL|IOERR)/

/** A database error that SQLite explains (a damaged file, a full disk, no permission): said in one line, as what to do. */
export const databaseProblem = (error: unknown): string | undefined => {
  if (typeof error !== "object" || error === null || (error as { _tag?: unknown })._tag !== "SqlError") return undefined
  const cause = (error as { cause?: { code?: unknown } }).cause
  return databaseCodes.test(String(cause?.code ?? "")) ? `the database cannot be used: ${describeOpenFailure(cause)}` : undefined
}
