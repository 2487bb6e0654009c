/** A musical key: its pitch class (C = 0 … B = 11) and mode. */
export interface MusicalKey {
  readonly pitchClass: number
  readonly mode: "major" | "minor"
}

// The spellings DJs read on the Camelot wheel.
const majorNames = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
const minorNames = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"]
const letters: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 }

/** "A minor", "F# major". */
export const keyName = (key: MusicalKey): string =>
  `${(key.mode === "major" ? majorNames : minorNames)[key.pitchClass]} ${key.mode}`

/** Camelot notation: "8A" for A minor, "8B" for C major; neighbours on the wheel mix well. */
export const camelot = (key: MusicalKey): string =>
  key.mode === "minor" ? `${((key.pitchClass * 7 + 4) % 12) + 1}A` : `${((key.pitchClass * 7 + 7) % 12) + 1}B`

const fromCamelot = (number: number, letter: "A" | "B"): MusicalKey => {
  // Inverse of `camelot`: 7 is its own inverse modulo 12.
  const offset = letter === "A" ? 4 : 7
  return { pitchClass: (((number - 1 - offset) * 7) % 12 + 12) % 12, mode: letter === "A" ? "minor" : "major" }
}

/**
 * A key as people write it: "8A", "A minor", "Am", "F#m", "F♯ minor", "Gb major", "C"; or
 * undefined. Essentia's own output ("A", "minor") reads the same way.
 */
export const parseKey = (text: string): MusicalKey | undefined => {
  const written = text.trim().replace(/♯/g, "#").replace(/♭/g, "b")
  const wheel = /^0?([1-9]|1[0-2])\s*([AaBb])$/.exec(written)
  if (wheel) return fromCamelot(Number(wheel[1]), wheel[2]!.toUpperCase() as "A" | "B")
  const named = /^([A-Ga-g])\s*(#|b)?\s*(m|min|minor|maj|major)?$/i.exec(written)
  if (!named) return undefined
  const [, letter, accidental, mode] = named
  const pitchClass = (letters[letter!.toLowerCase()]! + (accidental === "#" ? 1 : accidental === "b" ? 11 : 0)) % 12
  const minor = mode !== undefined && /^m(in(or)?)?$/i.test(mode) && mode !== "M"
  return { pitchClass, mode: minor ? "minor" : "major" }
}

/** The keys that mix with this one on the Camelot wheel: itself, its relative, one step either way. */
export const compatibleKeys = (key: MusicalKey): ReadonlyArray<string> => {
  const code = camelot(key)
  const number = Number(code.slice(0, -1))
  const letter = code.slice(-1)
  const step = (by: number) => `${((number - 1 + by + 12) % 12) + 1}${letter}`
  return [code, `${number}${letter === "A" ? "B" : "A"}`, step(-1), step(1)]
}
