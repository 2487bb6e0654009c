import type { SqlClient } from "@effect/sql"
import { Effect, Either, Runtime } from "effect"
import { createInterface } from "node:readline"
import type { Step } from "../../engine/Step.ts"
import { answer, missingSteps, parseQuery } from "../../query/command.ts"
import { allNames } from "../../query/names.ts"
import { UserError } from "../UserError.ts"
import { answerJson, answerText } from "../views/query.ts"
import { completer } from "./completion.ts"
import { historyFile, loadHistory, remember } from "./history.ts"

const exits = new Set(["quit", "exit", "q", "\\q"])

/**
 * The interactive `crate query`: one query per line, answered in order. On a terminal it
 * prompts, completes with Tab and keeps a history (~/.crate_history); with piped input it
 * simply answers each line, so `printf 'stats\nartist wink\n' | crate query` works in scripts.
 */
export const repl = (options: { readonly json: boolean; readonly releases: number; readonly steps: ReadonlyMap<string, Step<any, any>> }) =>
  Effect.gen(function*() {
    const runtime = yield* Effect.runtime<SqlClient.SqlClient>()
    const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true
    const names = terminal ? yield* allNames : { artist: [], label: [], genre: [] }
    const file = historyFile()
    const say = (text: string) => Effect.sync(() => process.stdout.write(`${text}\n`))

    // Piped in, a line that is not a query is an error a script must see: on stderr, and exit 1 at the end.
    let refused = 0
    const handle = (line: string) =>
      Effect.gen(function*() {
        const parsed = parseQuery(line, missingSteps(options.steps))
        if (Either.isLeft(parsed) && !terminal) {
          refused++
          return yield* Effect.sync(() => process.stderr.write(`crate: ${JSON.stringify(line)}: ${parsed.left.message}\n`))
        }
        if (Either.isLeft(parsed)) return yield* say(options.json ? JSON.stringify({ error: parsed.left.message }) : parsed.left.message)
        const found = yield* answer(parsed.right, options.steps)
        yield* say(options.json ? answerJson(found) : answerText(found))
      }).pipe(Effect.catchAll((error) => Effect.sync(() => process.stderr.write(`crate: ${error.message}\n`))))

    yield* Effect.promise(async () => {
      const rl = createInterface({
        input: process.stdin,
        output: process.stdout,
        terminal,
        prompt: "crate> ",
        history: terminal ? loadHistory(file) : [],
        historySize: 500,
        completer: completer(names, missingSteps(options.steps))
      })
      if (terminal) {
        process.stdout.write(`crate query: ${options.releases} releases. \`help\` lists the queries; Tab completes; Ctrl-D leaves.\n`)
        rl.prompt()
      }
      for await (const raw of rl) {
        const line = raw.trim()
        if (exits.has(line.toLowerCase())) break
        if (line !== "") {
          if (terminal) remember(file, line)
          await Runtime.runPromise(runtime)(handle(line))
        }
        if (terminal) rl.prompt()
      }
      rl.close()
    })
    if (refused > 0) return yield* new UserError({ message: `${refused} ${refused === 1 ? "line was" : "lines were"} not a query (said above); the others were answered` })
  })
