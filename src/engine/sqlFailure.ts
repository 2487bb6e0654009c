import type { SqlError } from "@effect/sql/SqlError"

/** Why a write to the database failed, in words people can act on. */
export const describeSqlFailure = (error: SqlError): string => {
  const cause = error.cause as { code?: string; message?: string } | undefined
  const code = cause?.code ?? ""
  const detail = cause?.message ?? error.message
  if (code.startsWith("SQLITE_FULL") || /disk is full/i.test(detail)) {
    return "the disk holding the database is full: free some space, then run the same command again"
  }
  if (code.startsWith("SQLITE_READONLY")) return `the database is read-only (${detail}): check the file's permissions`
  if (code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB")) return `the database file is damaged (${detail})`
  return `the database could not be written: ${detail}`
}
