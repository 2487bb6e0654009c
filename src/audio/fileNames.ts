import { maxNameBytes, safeName } from "../library/safeName.ts"
import { defaultFileName, type FileNamePlaceholder } from "../config/fileNameTemplate.ts"
import { type TrackNumber, trackNumbers } from "./numbering.ts"

const extension = ".opus"

export interface FileNameTrack {
  readonly position: string
  readonly title: string
  /** The track's artists as credited (its own, else the release's). */
  readonly artist?: string | null
}

const pad = (n: number, total: number) => String(n).padStart(Math.max(2, String(total).length), "0")

/**
 * `{number}` of every track, so that file names sort in track order: "01"…"12" for one
 * disc, "1-03" for disc 1 track 3 of several, and a vinyl or other position as written
 * ("A1", "B2"), whose side letters sort already; the track's number for an empty position.
 */
const numbers = (tracks: ReadonlyArray<FileNameTrack>, numbered: ReadonlyArray<TrackNumber>): ReadonlyArray<string> => {
  const discs = new Set(numbered.map((n) => n.disc))
  return tracks.map((track, i) => {
    const { number, total, disc } = numbered[i]!
    const position = track.position.trim()
    if (disc !== null) return discs.size > 1 ? `${disc}-${pad(number, total)}` : pad(number, total)
    if (position === "" || /^\d+$/.test(position)) return pad(position === "" ? i + 1 : Number(position), tracks.length)
    return position
  })
}

/**
 * The file name of every track of a release, in order, from `template` (see
 * config/fileNameTemplate.ts); a name taken already (also differing only in case, for macOS
 * and Windows) gets " (2)", " (3)"….
 */
export const audioFileNames = (tracks: ReadonlyArray<FileNameTrack>, template = defaultFileName): ReadonlyArray<string> => {
  const taken = new Set<string>()
  const numbered = trackNumbers(tracks.map((track) => track.position))
  const number = numbers(tracks, numbered)
  return tracks.map((track, i) => {
    const values: Readonly<Record<FileNamePlaceholder, string>> = {
      number: number[i]!,
      position: track.position.trim() || String(i + 1),
      title: track.title,
      artist: track.artist ?? "",
      disc: String(numbered[i]!.disc ?? 1),
      track: pad(numbered[i]!.number, numbered[i]!.total)
    }
    const filled = template.replace(/\{([^}]*)\}/g, (_, name: FileNamePlaceholder) => values[name] ?? "").trim()
    const base = safeName(filled, maxNameBytes - extension.length - 4, "track")
    let name = `${base}${extension}`
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} (${n})${extension}`
    taken.add(name.toLowerCase())
    return name
  })
}
