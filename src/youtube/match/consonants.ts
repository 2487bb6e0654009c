import anyAscii from "any-ascii"

/** Scripts written without short vowels: Hebrew, Arabic, Syriac, Thaana. */
const abjad = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}]/u

/**
 * A name's consonants in Latin letters, for names written in an abjad on one side and in Latin
 * letters on the other: any-ascii reads "אורטגה" as "'vrtgh", which no Latin spelling equals,
 * but both it and "Ortega" keep "rtg" once vowels and the letters Hebrew and Arabic also write
 * vowels with (v/w, y, h, alef and ayin) are set aside. b and v are one letter to those scripts.
 */
export const consonants = (name: string): string =>
  anyAscii(name).toLowerCase()
    .replace(/[^a-z ]/g, "")
    .replace(/[aeiouvwyhb]/g, "")
    .replace(/[cq]/g, "k").replace(/p/g, "f")
    .replace(/(.)\1+/g, "$1")
    .replace(/\s+/g, " ").trim()

/**
 * Whether two names, one in an abjad and one in Latin letters, have the same consonants, at
 * least three of them: "Ortega" and "אורטגה", not "Tuna" and "טונה" (two are too few to tell
 * names apart).
 */
export const sameConsonants = (a: string, b: string): boolean => {
  if (abjad.test(a) === abjad.test(b)) return false
  const left = consonants(a)
  return left.replace(/ /g, "").length >= 3 && left === consonants(b)
}
