import * as Descriptor from "@effect/cli/CommandDescriptor"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import { didYouMean } from "./closest.ts"
import { commandHelp, optionNames, wrap } from "./help.ts"

type Commands = ReadonlyArray<Descriptor.Command<unknown>>

/** The first words of a command's description, up to its first stop, for the list in `crate --help`. */
const summary = (command: Descriptor.Command<unknown>) => {
  const lines = commandHelp([], command).split("\n")
  const first = lines.slice(lines.indexOf("") + 1).find((line) => line.trim() !== "")?.trim() ?? ""
  return (/^(.*?)(: |; |\. |\.$| \()/.exec(first)?.[1] ?? first).replace(/[.:]$/, "")
}

const gettingStarted = [
  "GETTING STARTED",
  "  crate demo                     the whole pipeline on bundled recordings, no account needed",
  "  export DISCOGS_TOKEN=… DISCOGS_USERNAME=you",
  "  crate run metadata             phase 1: your collection from Discogs into SQLite",
  "  crate run assets               phase 2: covers, YouTube matches, audio, tempo and key",
  "  crate status                   where you are; `crate query`, `crate serve` to look at it"
]

const rootHelp = (names: ReadonlyArray<string>, commands: Commands) => {
  const column = Math.max(...names.map((name) => name.length)) + 4
  return [
    "crate: your Discogs collection in SQLite, with covers, YouTube matches, audio, tempo and key.",
    "",
    "USAGE",
    "  crate <command> [options]",
    "",
    ...gettingStarted,
    "",
    "COMMANDS",
    ...commands.flatMap((command, i) => {
      const [first = "", ...rest] = wrap(summary(command), 2 + column)
      return [`  ${names[i]!.padEnd(column)}${first.trim()}`, ...rest]
    }),
    "",
    "`crate <command> --help` says more about each. Also: `crate --version`,",
    "`crate --completions bash|zsh|fish` (shell completions). Exit codes: 0 done, 1 failures or a",
    "problem (one line says what to do), 2 a wrong command line, 130 interrupted."
  ].join("\n")
}

/** The command a command line names, and its path: `match show …` is `match` then `show`. */
const resolve = (args: ReadonlyArray<string>, names: ReadonlyArray<string>, commands: Commands) => {
  const words = args.filter((arg) => !arg.startsWith("-"))
  const at = names.indexOf(words[0] ?? "")
  if (at < 0) return undefined
  let command = commands[at]!
  const path = [words[0]!]
  const sub = words[1] === undefined ? Option.none() : HashMap.get(Descriptor.getSubcommands(command), words[1])
  if (Option.isSome(sub)) {
    command = sub.value
    path.push(words[1]!)
  }
  return { path, command }
}

const asksForHelp = (args: ReadonlyArray<string>) => args.some((arg) => arg === "--help" || arg === "-h")

/** `crate [command] --help`: crate's own help text, or undefined when help was not asked for. */
export const helpFor = (args: ReadonlyArray<string>, names: ReadonlyArray<string>, commands: Commands): string | undefined => {
  if (!asksForHelp(args.slice(0, args.indexOf("--") >= 0 ? args.indexOf("--") : undefined))) return undefined
  const found = resolve(args, names, commands)
  return found === undefined ? rootHelp(names, commands) : commandHelp(found.path, found.command)
}

/** Options every command takes from the parser. */
const builtIns = ["--help", "-h", "--version", "--completions", "--log-level", "--wizard"]

/** `crate run metadata --maxx 3`: one line naming the option, the command and the closest option, or undefined. */
export const unknownOption = (args: ReadonlyArray<string>, names: ReadonlyArray<string>, commands: Commands): string | undefined => {
  const found = resolve(args, names, commands)
  if (found === undefined) return undefined
  const known = [...optionNames(found.command), ...builtIns]
  const end = args.indexOf("--")
  for (const arg of end >= 0 ? args.slice(0, end) : args) {
    if (!arg.startsWith("--")) continue
    const name = arg.split("=")[0]!
    if (known.includes(name)) continue
    return `crate: ${found.path.join(" ")} has no option ${name}${didYouMean(name, known.filter((option) => option.startsWith("--")))}; ` +
      `\`crate ${found.path.join(" ")} --help\` lists its options`
  }
  return undefined
}

/** Section titles in bold where a terminal shows it (and NO_COLOR is not set). */
export const styled = (help: string, colour: boolean): string =>
  colour ? help.replace(/^([A-Z][A-Z ]+)$/gm, "\u001b[1m$1\u001b[22m") : help
