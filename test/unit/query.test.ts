import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { completer } from "../../src/cli/query/completion.ts"
import { parseQuery, QueryCommand } from "../../src/query/command.ts"
import { fold, nameMatches } from "../../src/query/fold.ts"

describe("fold and nameMatches (how crate query compares names)", () => {
  it("ignores case, accents and punctuation", () => {
    expect(fold("Sigur Rós")).toBe("sigur ros")
    expect(fold("  ÖSTERMALM ")).toBe("ostermalm")
    expect(fold("Mr. James Barth & A.D.")).toBe("mr james barth a d")
    expect(fold("Mø")).toBe("mo")
    expect(fold("Ærosmith straße Łódź")).toBe("aerosmith strasse lodz")
  })

  it("matches from the start of a word, in any case and spelling", () => {
    expect(nameMatches("radiohead", "Radiohead")).toBe(true)
    expect(nameMatches("SIGUR ROS", "Sigur Rós")).toBe(true)
    expect(nameMatches("rós", "Sigur Rós")).toBe(true)
    expect(nameMatches("head", "Radiohead")).toBe(false)
    expect(nameMatches("", "Radiohead")).toBe(false)
  })

  it("finds Discogs' 'Name, The' under 'The Name' as well", () => {
    expect(nameMatches("the persuader", "Persuader, The")).toBe(true)
    expect(nameMatches("persuader", "Persuader, The")).toBe(true)
    expect(nameMatches("les rita", "Rita Mitsouko, Les")).toBe(true)
  })
})

const steps = ["covers", "youtube", "audio"]

describe("parseQuery", () => {
  const parsed = (line: string) => Either.getOrThrow(parseQuery(line, steps))
  const refused = (line: string) => Either.match(parseQuery(line, steps), { onLeft: (usage) => usage.message, onRight: () => "accepted" })

  it("reads every query of the seed and crate's additions", () => {
    expect(parsed("stats")).toEqual(QueryCommand.Stats())
    expect(parsed("Artist  Sigur Rós ")).toEqual(QueryCommand.Artist({ name: "Sigur Rós" }))
    expect(parsed("label warp")).toEqual(QueryCommand.Label({ name: "warp" }))
    expect(parsed("genre post rock")).toEqual(QueryCommand.Genre({ name: "post rock" }))
    expect(parsed("year 1997")).toEqual(QueryCommand.Year({ from: 1997, to: 1997 }))
    expect(parsed("year 1999..1990")).toEqual(QueryCommand.Year({ from: 1990, to: 1999 }))
    expect(parsed("release 12345")).toEqual(QueryCommand.Release({ id: 12345 }))
    expect(parsed("missing Audio")).toEqual(QueryCommand.Missing({ step: "audio" }))
  })

  it("says what is expected for a wrong line", () => {
    expect(refused("artist")).toMatch(/^artist needs a name/)
    expect(refused("year 90s")).toMatch(/^year takes a year or a range/)
    expect(refused("release abc")).toMatch(/^release takes a Discogs release id/)
    expect(refused("missing lyrics")).toBe("missing takes one of: covers, youtube, audio")
    expect(refused("lyrics")).toBe('unknown query "lyrics": try `help`')
  })
})

describe("the interactive query's tab completion", () => {
  const complete = completer({ artist: ["Persuader, The", "Sigur Rós"], label: ["Svek"], genre: ["Post Rock", "Rock"] }, steps)

  it("completes query words, steps and stored names, ignoring accents", () => {
    expect(complete("ar")).toEqual([["artist "], "ar"])
    expect(complete("missing a")).toEqual([["missing audio"], "missing a"])
    expect(complete("artist sigur r")).toEqual([["artist Sigur Rós"], "artist sigur r"])
    expect(complete("genre ro")).toEqual([["genre Rock"], "genre ro"])
    expect(complete("year 19")).toEqual([[], "year 19"])
  })
})
