import { describe, expect, it } from "vitest"
import { parseDuration } from "../../src/discogs/duration.ts"

describe("parseDuration", () => {
  it.each([
    ["4:45", 285],
    ["0:07", 7],
    ["75:12", 4512],
    ["1:02:03", 3723],
    ["4:5", 245],
    ["  3:32 ", 212],
    ["3 : 32", 212]
  ])("%j -> %d", (input, seconds) => {
    expect(parseDuration(input)).toBe(seconds)
  })

  it.each(["", "   ", "-4:00", "4:-5", "4:60", "1:60:00", "4.35", "4'35", "4:35.5", "5", "abc", "1:2:3:4", ":30"])(
    "%j -> null",
    (input) => {
      expect(parseDuration(input)).toBeNull()
    }
  )
})
