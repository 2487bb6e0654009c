import { Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { resolve } from "node:path"
import { camelot, compatibleKeys, parseKey } from "../../analysis/key.ts"
import { m3u8 } from "../../playlist/m3u8.ts"
import { type PlaylistFilter, playlistTracks, sortOrders } from "../../playlist/select.ts"
import { writePlaylist } from "../../playlist/write.ts"
import { reading } from "../reading.ts"
import { UserError } from "../UserError.ts"
import { plural } from "../../query/text.ts"
import { configOption } from "./run.ts"

const text = (name: string, description: string) => Options.text(name).pipe(Options.withDescription(description), Options.optional)
const list = (name: string, description: string) => Options.text(name).pipe(Options.withDescription(`${description} (repeatable)`), Options.repeated)

/** "1990..1999" or "1997": both ends included. */
const range = (option: string, value: string): Effect.Effect<readonly [number, number], UserError> => {
  const [from = "", to = from] = value.split("..").map((part) => part.trim())
  const [a, b] = [Number(from), Number(to)]
  return from !== "" && to !== "" && Number.isFinite(a) && Number.isFinite(b)
    ? Effect.succeed([Math.min(a, b), Math.max(a, b)] as const)
    : Effect.fail(new UserError({ message: `--${option} takes a number or a range, e.g. --${option} ${option === "bpm" ? "120..128" : "1990..1999"}` }))
}

const filterOf = (flags: {
  readonly year: Option.Option<string>
  readonly genre: ReadonlyArray<string>
  readonly style: ReadonlyArray<string>
  readonly label: ReadonlyArray<string>
  readonly format: ReadonlyArray<string>
  readonly folder: ReadonlyArray<string>
  readonly addedSince: Option.Option<string>
  readonly bpm: Option.Option<string>
  readonly key: Option.Option<string>
  readonly compatible: boolean
}) =>
  Effect.gen(function*() {
    const filter: { -readonly [K in keyof PlaylistFilter]: PlaylistFilter[K] } = {}
    if (Option.isSome(flags.year)) filter.year = yield* range("year", flags.year.value)
    if (flags.genre.length > 0) filter.genre = flags.genre
    if (flags.style.length > 0) filter.style = flags.style
    if (flags.label.length > 0) filter.label = flags.label
    if (flags.format.length > 0) filter.format = flags.format
    if (flags.folder.length > 0) {
      const folders = flags.folder.map(Number)
      if (folders.some((folder) => !Number.isInteger(folder) || folder < 0)) {
        return yield* new UserError({ message: "--folder takes a Discogs folder id, e.g. --folder 1" })
      }
      filter.folder = folders
    }
    if (Option.isSome(flags.addedSince)) filter.addedSince = flags.addedSince.value
    if (Option.isSome(flags.bpm)) filter.bpm = yield* range("bpm", flags.bpm.value)
    if (Option.isSome(flags.key)) {
      const key = parseKey(flags.key.value)
      if (key === undefined) return yield* new UserError({ message: `--key takes a key as Camelot or by name (8A, A minor, F#m), not "${flags.key.value}"` })
      filter.keys = flags.compatible ? compatibleKeys(key) : [camelot(key)]
    }
    return filter as PlaylistFilter
  })

export const playlist = Command.make(
  "playlist",
  {
    year: text("year", "releases of a year or a range of years, e.g. 1990..1999"),
    genre: list("genre", "a Discogs genre"),
    style: list("style", "a Discogs style"),
    label: list("label", "a label"),
    format: list("format", "a format or its description: Vinyl, LP, 12\""),
    folder: list("folder", "a collection folder, by its Discogs id"),
    addedSince: text("added-since", "added to the collection on or after this date (2024-01-01)"),
    bpm: text("bpm", "a tempo range, e.g. 120..128 (half/double readings count)"),
    key: text("key", "a key: 8A, A minor, F#m"),
    compatible: Options.boolean("compatible").pipe(Options.withDescription("with --key: the keys that mix with it too")),
    sort: Options.choice("sort", sortOrders).pipe(Options.withDescription("track order (default: added, the collection's order)"), Options.withDefault("added" as const)),
    output: Options.file("output").pipe(Options.withAlias("o"), Options.withDescription("write the playlist here (default: print it)"), Options.optional),
    config: configOption
  },
  (flags) =>
    reading(flags.config, (config) =>
      Effect.gen(function*() {
        const filter = yield* filterOf(flags)
        const tracks = yield* playlistTracks(filter, flags.sort)
        if (Option.isNone(flags.output)) return yield* Console.log(m3u8(tracks, resolve(config.library), process.cwd()).trimEnd())
        const target = resolve(flags.output.value)
        yield* writePlaylist(target, m3u8(tracks, resolve(config.library), resolve(target, "..")))
        yield* Console.log(`${target}: ${plural(tracks.length, "track")}${tracks.length === 0 ? " (no downloaded track matches these filters)" : ""}`)
      }))
).pipe(
  Command.withDescription(
    "Write an extended M3U playlist (.m3u8) of downloaded tracks, chosen by the same filters as pipelines' items plus tempo and key; " +
      "paths are relative to the playlist, so the library can move with it.\n\nExamples:\n" +
      "  crate playlist --genre electronic --bpm 120..128 --sort bpm -o warmup.m3u8\n" +
      "  crate playlist --key 8A --compatible --sort key -o 8A.m3u8\n  crate playlist --year 1990..1999 --folder 1 > nineties.m3u8"
  )
)
