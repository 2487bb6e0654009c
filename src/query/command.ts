import type { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Data, Effect, Either, Option } from "effect"
import { camelot, compatibleKeys, keyName, parseKey } from "../analysis/key.ts"
import { type ReleaseDetails, releaseDetails } from "./release.ts"
import type { Step } from "../engine/Step.ts"
import { byArtist, byGenre, byLabel, byYear, missing, type SearchResult } from "./search.ts"
import { readStats, type Stats } from "./stats.ts"
import { byKey, byTempo, type TrackListing, type TrackWithoutAudio, tracksWithoutAudio } from "./tracks.ts"

/** One question to the collection, as `crate query` reads it. */
export type QueryCommand = Data.TaggedEnum<{
  Stats: {}
  Artist: { readonly name: string }
  Label: { readonly name: string }
  Genre: { readonly name: string }
  Year: { readonly from: number; readonly to: number }
  Release: { readonly id: number }
  Missing: { readonly step: string }
  Tempo: { readonly from: number; readonly to: number }
  Key: { readonly camelot: string; readonly compatible: boolean }
  Help: {}
}>
export const QueryCommand = Data.taggedEnum<QueryCommand>()

/** A line that is not a query: says what is expected. */
export class QueryUsage extends Data.TaggedError("QueryUsage")<{ readonly message: string }> {}

/** The steps `missing STEP` can name: those that keep per-release work. */
export const missingSteps = (steps: ReadonlyMap<string, Step<any, any>>): ReadonlyArray<string> =>
  [...steps.values()].filter((step) => step.pending === undefined).map((step) => step.name)

/** The words a query starts with, for help and tab completion. */
export const queryWords: Readonly<Record<string, string>> = {
  stats: "stats                   collection statistics",
  artist: "artist NAME             releases an artist is credited on (case and accents ignored)",
  label: "label NAME              releases on a label",
  genre: "genre NAME              releases of a genre or style",
  year: "year N | year A..B      releases of a year or a range of years",
  release: "release ID              everything about one release",
  missing: "missing STEP            releases a step has not done yet (covers, youtube, yours); missing audio: tracks without a file",
  bpm: "bpm N | bpm A..B        tracks of a tempo (N ±1) or a range, or at half/double it",
  key: "key K [--compatible]    tracks in a key (8A, A minor, Am), or one that mixes with it",
  help: "help                    this list"
}

const usage = (message: string) => Either.left(new QueryUsage({ message }))

const year = /^\d{1,4}$/

/** Reads one query line: `artist radiohead`, `year 1990..1999`, `release 1503102`, … */
export const parseQuery = (line: string, steps: ReadonlyArray<string>): Either.Either<QueryCommand, QueryUsage> => {
  const [head = "", ...rest] = line.trim().split(/\s+/)
  const word = head.toLowerCase()
  const arg = rest.join(" ")
  switch (word) {
    case "stats":
      return Either.right(QueryCommand.Stats())
    case "help":
    case "?":
      return Either.right(QueryCommand.Help())
    case "artist":
    case "label":
    case "genre": {
      if (arg === "") return usage(`${word} needs a name, e.g. \`${word} ${word === "genre" ? "techno" : word === "label" ? "warp" : "radiohead"}\``)
      const make = word === "artist" ? QueryCommand.Artist : word === "label" ? QueryCommand.Label : QueryCommand.Genre
      return Either.right(make({ name: arg }))
    }
    case "year": {
      const [from = "", to = from] = arg.split("..").map((part) => part.trim())
      if (!year.test(from) || !year.test(to)) return usage("year takes a year or a range: `year 1997`, `year 1990..1999`")
      const [a, b] = [Number(from), Number(to)]
      return Either.right(QueryCommand.Year({ from: Math.min(a, b), to: Math.max(a, b) }))
    }
    case "release":
      return /^[1-9]\d{0,11}$/.test(arg)
        ? Either.right(QueryCommand.Release({ id: Number(arg) }))
        : usage("release takes a Discogs release id, e.g. `release 1503102`")
    case "missing": {
      const step = steps.find((name) => name === arg.toLowerCase())
      return step === undefined ? usage(`missing takes one of: ${steps.join(", ")}`) : Either.right(QueryCommand.Missing({ step }))
    }
    case "bpm": {
      const [from = "", to] = arg.split("..").map((part) => part.trim())
      const [a, b] = [Number(from), Number(to ?? from)]
      if (from === "" || !Number.isFinite(a) || !Number.isFinite(b) || a <= 0 || b <= 0) {
        return usage("bpm takes a tempo or a range: `bpm 124`, `bpm 120..128`")
      }
      return Either.right(to === undefined ? QueryCommand.Tempo({ from: a - 1, to: a + 1 }) : QueryCommand.Tempo({ from: Math.min(a, b), to: Math.max(a, b) }))
    }
    case "key": {
      const compatible = rest.some((part) => part === "--compatible")
      const key = parseKey(rest.filter((part) => part !== "--compatible").join(" "))
      if (key === undefined) return usage("key takes a key as Camelot or by name: `key 8A`, `key A minor`, `key F#m`; add --compatible for its neighbours")
      return Either.right(QueryCommand.Key({ camelot: camelot(key), compatible }))
    }
    default:
      return usage(word === "" ? "an empty query: try `help`" : `unknown query "${head}": try \`help\``)
  }
}

/** What a query found, for the text and JSON views. */
export type QueryAnswer =
  | { readonly _tag: "Stats"; readonly stats: Stats }
  | { readonly _tag: "Search"; readonly query: string; readonly result: SearchResult }
  | { readonly _tag: "Release"; readonly id: number; readonly release: ReleaseDetails | null }
  | { readonly _tag: "Tracks"; readonly query: string; readonly tracks: ReadonlyArray<TrackListing> }
  | { readonly _tag: "WithoutAudio"; readonly tracks: ReadonlyArray<TrackWithoutAudio> }
  | { readonly _tag: "Help" }

const search = (query: string, found: Effect.Effect<SearchResult, SqlError, SqlClient.SqlClient>) =>
  Effect.map(found, (result): QueryAnswer => ({ _tag: "Search", query, result }))

export const answer = (command: QueryCommand, steps: ReadonlyMap<string, Step<any, any>>): Effect.Effect<QueryAnswer, SqlError, SqlClient.SqlClient> =>
  QueryCommand.$match(command, {
    Stats: () => Effect.map(readStats(), (stats): QueryAnswer => ({ _tag: "Stats", stats })),
    Help: () => Effect.succeed<QueryAnswer>({ _tag: "Help" }),
    Artist: ({ name }) => search(`artist ${name}`, byArtist(name)),
    Label: ({ name }) => search(`label ${name}`, byLabel(name)),
    Genre: ({ name }) => search(`genre ${name}`, byGenre(name)),
    Year: ({ from, to }) => search(from === to ? `year ${from}` : `year ${from}..${to}`, byYear(from, to)),
    // A release's audio is a file per track: what is missing is tracks, those with no match too.
    Missing: ({ step }) =>
      step === "audio"
        ? Effect.map(tracksWithoutAudio(), (tracks): QueryAnswer => ({ _tag: "WithoutAudio", tracks }))
        : search(`missing ${step}`, missing(steps.get(step)!)),
    Tempo: ({ from, to }) =>
      Effect.map(byTempo(from, to), (tracks): QueryAnswer => ({ _tag: "Tracks", query: `bpm ${from}..${to}`, tracks })),
    Key: ({ camelot: code, compatible }) => {
      const codes = compatible ? compatibleKeys(parseKey(code)!) : [code]
      const name = `key ${code} (${keyName(parseKey(code)!)})${compatible ? ` and compatible: ${codes.slice(1).join(", ")}` : ""}`
      return Effect.map(byKey(codes), (tracks): QueryAnswer => ({ _tag: "Tracks", query: name, tracks }))
    },
    Release: ({ id }) => Effect.map(releaseDetails(id), (release): QueryAnswer => ({ _tag: "Release", id, release: Option.getOrNull(release) }))
  })
