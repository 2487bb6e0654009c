import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { loadCases } from "../../bench/match-cases.ts"
import { matchers, measure } from "../../bench/match.ts"
import { measureDiscogsVideos } from "../../bench/match-videos.ts"

const cases = loadCases(join(import.meta.dirname, "../fixtures/matching/benchmark.json"))

describe("the matcher on the labelled benchmark (bench/match.ts prints the same figures)", () => {
  for (const withDuration of [true, false]) {
    it(`${withDuration ? "with" : "without"} durations: more accurate than the spotDL baseline, never less precise`, () => {
      const crate = measure(cases, (c) => matchers.crate!(c, withDuration))
      const spotdl = measure(cases, (c) => matchers.spotDL!(c, withDuration))
      expect(crate.accuracy).toBeGreaterThan(spotdl.accuracy)
      expect(crate.precision).toBeGreaterThanOrEqual(spotdl.precision)
      expect(crate.recall).toBeGreaterThan(spotdl.recall)
    })
  }

  it("the revised labels (cases 6, 20 and 32 accept every upload of the same recording) reject none of its answers", () => {
    for (const withDuration of [true, false]) {
      const wrong = cases.filter((c) => {
        const id = matchers.crate!(c, withDuration)
        return id !== null && !c.expected_video_ids.includes(id)
      })
      expect(wrong.map((c) => c.case_index)).toEqual([])
    }
  })
})

describe("the releases' own Discogs videos (bench/match-videos.ts prints the same figures)", () => {
  it("on the labelled recorded releases: precision at least 0.97, recall at least 0.9", async () => {
    const figures = await measureDiscogsVideos()
    expect(figures.positives).toBeGreaterThan(10)
    expect(figures.precision, figures.mistakes.join("\n")).toBeGreaterThanOrEqual(0.97)
    expect(figures.recall, figures.mistakes.join("\n")).toBeGreaterThanOrEqual(0.9)
  })
})
