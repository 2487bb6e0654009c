import { CliConfig, Command, ValidationError } from "@effect/cli"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Console, Effect, Exit } from "effect"
import { version } from "../discogs/userAgent.ts"
import { assets } from "./commands/assets.ts"
import { demo } from "./commands/demo.ts"
import { doctor } from "./commands/doctor.ts"
import { log } from "./commands/log.ts"
import { pipelines } from "./commands/pipelines.ts"
import { planCommand } from "./commands/plan.ts"
import { match } from "./commands/match.ts"
import { migrate } from "./commands/migrate.ts"
import { playlist } from "./commands/playlist.ts"
import { query } from "./commands/query.ts"
import { reset } from "./commands/reset.ts"
import { run } from "./commands/run.ts"
import { serve } from "./commands/serve.ts"
import { status } from "./commands/status.ts"
import { sync } from "./commands/sync.ts"
import { didYouMean } from "./closest.ts"
import { helpFor, styled, unknownOption } from "./helpCommand.ts"
import { keepHeapSmall } from "./heap.ts"
import { coloursOnlyOnTerminals } from "./plainOutput.ts"
import { databaseProblem, isUserFacing } from "./UserError.ts"

const subcommands = [run, planCommand, pipelines, log, demo, match, status, query, playlist, serve, reset, doctor, migrate, sync, assets] as const

const crate = Command.make("crate").pipe(
  Command.withDescription("Keep your Discogs collection in SQLite and enrich it with covers, YouTube matches and audio."),
  Command.withSubcommands(subcommands)
)

// Each command has its own type; only their descriptors (names, help) are read here.
const descriptors = subcommands.map((command) => (command as unknown as Command.Command<string, never, never, unknown>).descriptor)
const names = subcommands.flatMap((command) => [...Command.getNames(command as unknown as Command.Command<string, never, never, never>)])

/** `crate stauts`: @effect/cli's own answer lists every command without saying which was meant. */
const unknownCommand = (typed: string | undefined): string | undefined => {
  if (typed === undefined || typed.startsWith("-")) return undefined
  return names.includes(typed) ? undefined : `crate: no command "${typed}"${didYouMean(typed, names)}; the commands are: ${names.join(", ")} (crate --help says what each does)`
}

const cli = Command.run(crate, { name: "crate", version })

/** User errors become one line on stderr; anything else is a bug and keeps its details. */
const main = Effect.suspend(() => cli(process.argv)).pipe(
  Effect.tapErrorCause((cause) =>
    Cause.isInterruptedOnly(cause)
      ? Effect.void
      : Cause.failureOption(cause).pipe((failure) =>
        failure._tag === "Some" && failure.value._tag === "RunIncomplete"
          ? Effect.void // the run's summary said what failed
          : failure._tag === "Some" && isUserFacing(failure.value)
          ? Console.error(`crate: ${failure.value.message}`)
          : failure._tag === "Some" && databaseProblem(failure.value) !== undefined
          ? Console.error(`crate: ${databaseProblem(failure.value)}`)
          : failure._tag === "Some" && ValidationError.isValidationError(failure.value)
          ? Effect.void // @effect/cli has printed it
          : Console.error(`crate: internal error (please report it):\n${Cause.pretty(cause)}`)
      )
  ),
  // The parser's own options (--wizard, --log-level, …), listed in every command's help, say nothing about crate.
  Effect.provide(CliConfig.layer({ showBuiltIns: false })),
  Effect.provide(NodeContext.layer)
)

/** 0: done; 1: failures were recorded, or the command could not do its work; 2: the command line is wrong; 130: interrupted. */
const exitCode = (exit: Exit.Exit<unknown, unknown>): number => {
  if (Exit.isSuccess(exit)) return 0
  if (Cause.isInterruptedOnly(exit.cause)) return 130
  const failure = Cause.failureOption(exit.cause)
  return failure._tag === "Some" && (ValidationError.isValidationError(failure.value) || (failure.value as { _tag?: unknown })._tag === "UsageError") ? 2 : 1
}

const typo = unknownCommand(process.argv[2]) ?? unknownOption(process.argv.slice(2), names, descriptors)
if (typo !== undefined) {
  console.error(typo)
  process.exit(2)
}
const help = helpFor(process.argv.slice(2), names, descriptors)
if (help !== undefined) {
  console.log(styled(help, process.stdout.isTTY === true && !("NO_COLOR" in process.env)))
  process.exit(0)
}

keepHeapSmall()
coloursOnlyOnTerminals()
// A closed terminal (or `kill -HUP`) stops a run as Ctrl-C does: in-flight items put back, the run recorded, exit 130.
process.once("SIGHUP", () => process.kill(process.pid, "SIGINT"))
NodeRuntime.runMain(main, {
  disableErrorReporting: true,
  disablePrettyLogger: true,
  // Exits as soon as the program is done (finalizers have run): idle keep-alive sockets must not hold the process.
  teardown: (exit) => process.exit(exitCode(exit))
})
