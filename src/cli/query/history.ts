import { appendFileSync, readFileSync } from "node:fs"
import { homedir } from "node:os"
import { join } from "node:path"

const keep = 500

/** Where interactive queries are remembered across sessions, like a shell's history. */
export const historyFile = () => join(process.env.HOME ?? homedir(), ".crate_history")

/** The remembered queries, most recent first (as node:readline wants them). */
export const loadHistory = (file: string): Array<string> => {
  try {
    return readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "").slice(-keep).reverse()
  } catch {
    return []
  }
}

export const remember = (file: string, line: string) => {
  try {
    appendFileSync(file, `${line.replace(/\n/g, " ")}\n`)
  } catch {
    // A read-only home only loses the history.
  }
}
