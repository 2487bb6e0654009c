import { queryWords } from "../../query/command.ts"
import { fold } from "../../query/fold.ts"

/** Names the interactive query completes after `artist `, `label ` and `genre `. */
export interface CompletionNames {
  readonly artist: ReadonlyArray<string>
  readonly label: ReadonlyArray<string>
  readonly genre: ReadonlyArray<string>
}

const exits = ["quit", "exit"]

/**
 * node:readline's completer: the query words, the steps after `missing`, and stored names
 * after `artist`/`label`/`genre` (case and accents ignored: `artist sigur r` offers "Sigur Rós").
 * Returns whole lines, so a completed name replaces what was typed.
 */
export const completer = (names: CompletionNames, steps: ReadonlyArray<string>) => (line: string): [Array<string>, string] => {
  const space = line.indexOf(" ")
  if (space < 0) {
    const words = [...Object.keys(queryWords), ...exits].filter((word) => word.startsWith(line.toLowerCase()))
    return [words.map((word) => `${word} `), line]
  }
  const head = line.slice(0, space).toLowerCase()
  const typed = line.slice(space + 1)
  const options = head === "missing" ? steps : head === "artist" || head === "label" || head === "genre" ? names[head] : []
  const wanted = fold(typed)
  const hits = options.filter((option) => fold(option).startsWith(wanted)).slice(0, 50)
  return [hits.map((hit) => `${head} ${hit}`), line]
}
