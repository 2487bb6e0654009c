import { CliConfig, type HelpDoc } from "@effect/cli"
import * as Descriptor from "@effect/cli/CommandDescriptor"
import type { Span } from "@effect/cli/HelpDoc/Span"

/**
 * `--help` as crate prints it: from the commands' own descriptions (@effect/cli's HelpDoc),
 * without the parser's boilerplate ("A user-defined piece of text.", "This setting is
 * optional."), USAGE starting with `crate`, every line within `width` columns.
 */
export const width = 100

const spanText = (span: Span): string => {
  switch (span._tag) {
    case "Text":
      return span.value
    case "URI":
      return span.value
    case "Sequence":
      return spanText(span.left) + spanText(span.right)
    case "Highlight":
    case "Strong":
    case "Weak":
      return spanText(span.value)
  }
}

/** The parser's words about every option's type and optionality: they say nothing about crate. */
const boilerplate = /^(A user-defined piece of text\.|An integer\.|A floating point number\.|A true or false value\.|A user-defined piece of text that is confidential\.|This setting is optional\.|This option may be repeated zero or more times\.|A date\.|A path\.|A file or directory path\.)$/

type Block =
  | { readonly _tag: "Header"; readonly text: string }
  | { readonly _tag: "Paragraph"; readonly text: string }
  | { readonly _tag: "List"; readonly items: ReadonlyArray<{ readonly term: string; readonly text: ReadonlyArray<string> }> }

/** The parser's names for values, as people write them in usage lines: `--max N`, `--only TEXT`. */
const metaVariable = (term: string) => term.replace(/ text(\.\.\.)?$/, (_, many) => ` TEXT${many ? "…" : ""}`).replace(/ redacted$/, " SECRET").replace(/ integer$/, " N")

const blocks = (doc: HelpDoc.HelpDoc): ReadonlyArray<Block> => {
  switch (doc._tag) {
    case "Empty":
      return []
    case "Header":
      return [{ _tag: "Header", text: spanText(doc.value) }]
    case "Paragraph":
      return [{ _tag: "Paragraph", text: spanText(doc.value) }]
    case "Sequence":
      return [...blocks(doc.left), ...blocks(doc.right)]
    case "Enumeration":
      return doc.elements.flatMap(blocks)
    case "DescriptionList":
      return [{
        _tag: "List",
        items: doc.definitions.map(([term, text]) => ({
          term: metaVariable(spanText(term)),
          text: blocks(text).flatMap((block) => (block._tag === "Paragraph" && !boilerplate.test(block.text.trim()) ? [block.text] : []))
        }))
      }]
  }
}

/** Words wrapped to `columns`, each line indented; lines of the text (examples) kept as they are. */
export const wrap = (text: string, indent: number, columns = width): ReadonlyArray<string> =>
  text.split("\n").flatMap((line) => {
    const pad = " ".repeat(indent + (/^\s*/.exec(line)?.[0].length ?? 0))
    const out: Array<string> = []
    let current = ""
    for (const word of line.trim().split(/\s+/).filter(Boolean)) {
      if (current !== "" && pad.length + current.length + 1 + word.length > columns) {
        out.push(pad + current)
        current = word
      } else current = current === "" ? word : `${current} ${word}`
    }
    out.push(pad + current)
    return out.map((l) => l.trimEnd())
  })

// --completions, --log-level, --wizard, --version and -h are the parser's, the same on every command.
const withoutBuiltIns = CliConfig.make({ showBuiltIns: false })

const heading = (text: string) => (text === "DESCRIPTION" ? [] : ["", text])

/** One command's help: USAGE, its description, its arguments, options and subcommands. */
export const commandHelp = (path: ReadonlyArray<string>, command: Descriptor.Command<unknown>): string => {
  const parts = blocks(Descriptor.getHelp(command, withoutBuiltIns))
  const lists = (title: string) => listUnder(parts, title)
  const args = lists("ARGUMENTS").map((item) => item.term)
  const hasOptions = lists("OPTIONS").length > 0
  const hasCommands = lists("COMMANDS").length > 0
  const usage = ["crate", ...path, ...(hasCommands ? ["<command>"] : []), ...(hasOptions ? ["[options]"] : []), ...args].join(" ")
  const lines = ["USAGE", ...wrap(usage, 2)]
  for (const block of parts) {
    if (block._tag === "Header") lines.push(...heading(block.text))
    else if (block._tag === "Paragraph") lines.push("", ...wrap(block.text, 2))
    else {
      for (const item of block.items) {
        // A subcommand's term is its whole usage: its name is enough here.
        const term = hasCommands && !item.term.startsWith("-") && !item.term.startsWith("<") ? item.term.split(" ")[0]! : item.term
        lines.push(...wrap(term, 2), ...item.text.flatMap((text) => wrap(text, 6)))
      }
    }
  }
  if (hasCommands) lines.push("", `\`crate ${path.join(" ")} <command> --help\` says more about each.`)
  return lines.join("\n")
}

/** The entries listed under a header (each option is a list of its own), up to the next header. */
const listUnder = (parts: ReadonlyArray<Block>, title: string) => {
  const at = parts.findIndex((block) => block._tag === "Header" && block.text === title)
  if (at < 0) return []
  const next = parts.findIndex((block, i) => i > at && block._tag === "Header")
  return parts.slice(at + 1, next < 0 ? undefined : next).flatMap((block) => (block._tag === "List" ? block.items : []))
}

/** The option names a command accepts (its `--name`s and their aliases), for telling a typo from an option. */
export const optionNames = (command: Descriptor.Command<unknown>): ReadonlyArray<string> =>
  listUnder(blocks(Descriptor.getHelp(command, withoutBuiltIns)), "OPTIONS")
    .flatMap((item) => item.term.replace(/[()]/g, "").split(/[\s,]+/).filter((word) => /^--?[\w-]+$/.test(word)))
