import { maxNameBytes, safeName } from "../library/safeName.ts"

const extension = ".opus"

/**
 * `<position> - <title>.opus` for every track of a release, in order; the track's number
 * stands in for an empty position, and a name taken already (also differing only in case,
 * for macOS and Windows) gets " (2)", " (3)"….
 */
export const audioFileNames = (tracks: ReadonlyArray<{ readonly position: string; readonly title: string }>): ReadonlyArray<string> => {
  const taken = new Set<string>()
  return tracks.map((track, i) => {
    const position = track.position.trim() || String(i + 1).padStart(2, "0")
    const base = safeName(`${position} - ${track.title}`, maxNameBytes - extension.length - 4, "track")
    let name = `${base}${extension}`
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} (${n})${extension}`
    taken.add(name.toLowerCase())
    return name
  })
}
