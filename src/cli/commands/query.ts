import { Args, Command, Options } from "@effect/cli"
import { Console, Effect, Either } from "effect"
import { answer, missingSteps, parseQuery } from "../../query/command.ts"
import { releaseCount } from "../../query/stats.ts"
import { repl } from "../query/repl.ts"
import { reading } from "../reading.ts"
import { UserError } from "../UserError.ts"
import { answerJson, answerText } from "../views/query.ts"
import { configOption } from "./run.ts"

export const query = Command.make(
  "query",
  {
    words: Args.text({ name: "query" }).pipe(
      Args.withDescription("stats | artist NAME | label NAME | genre NAME | year N | year A..B | release ID | missing STEP | bpm N | bpm A..B | key K"),
      Args.repeated
    ),
    json: Options.boolean("json").pipe(Options.withDescription("answer as JSON (one line per answer)")),
    compatible: Options.boolean("compatible").pipe(Options.withDescription("with `key K`: the keys that mix with K too (Camelot neighbours)")),
    config: configOption
  },
  ({ compatible, config, json, words }) =>
    reading(config, ({ steps }) =>
      Effect.gen(function*() {
        if (words.length === 0) return yield* repl({ json, releases: yield* releaseCount, steps })
        const parsed = parseQuery([...words, ...(compatible ? ["--compatible"] : [])].join(" "), missingSteps(steps))
        if (Either.isLeft(parsed)) return yield* new UserError({ message: parsed.left.message })
        const found = yield* answer(parsed.right, steps)
        // Said on stderr with exit status 1, so that scripts can tell.
        if (found._tag === "Release" && found.release === null) return yield* new UserError({ message: answerText(found) })
        yield* Console.log(json ? answerJson(found) : answerText(found))
      }))
).pipe(
  Command.withDescription(
    "Ask the collection: without a query, an interactive prompt (Tab completes, history kept); with one, answers it and exits. " +
      "Names ignore case and accents.\n\nExamples:\n  crate query\n  crate query stats\n  crate query artist radiohead\n" +
      "  crate query label warp --json\n  crate query year 1990..1999\n  crate query genre techno\n  crate query release 1503102\n" +
      "  crate query missing audio\n  crate query bpm 120..128\n  crate query key 8A --compatible\n  printf 'stats\\nyear 1999\\n' | crate query"
  )
)
