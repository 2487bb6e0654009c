import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { loadCases } from "../../bench/match-cases.ts"
import { type CaseSet, defaultSets, groups, matchers, measure } from "../../bench/match.ts"
import { measureDiscogsVideos } from "../../bench/match-videos.ts"

const cases = loadCases(join(import.meta.dirname, "../fixtures/matching/benchmark.json"))

describe("the matcher on the labelled benchmark (bench/match.ts prints the same figures)", () => {
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

describe("every labelled set, whole and by script: the labelled lists and the held-out recordings searched through youtubei.js (bench/match.ts prints the same rows)", () => {
  let rows: ReadonlyArray<CaseSet> = []
  beforeAll(async () => {
    rows = groups(await defaultSets())
  })

  it("has the held-out set and cases in other scripts in it", () => {
    expect(rows.find((row) => row.name === "held out")?.cases.length).toBeGreaterThanOrEqual(20)
    expect(rows.find((row) => row.name === "all, other scripts")?.cases.length).toBeGreaterThanOrEqual(10)
  })

  for (const withDuration of [true, false]) {
    it(`${withDuration ? "with" : "without"} durations: precision at least 0.97 overall and in other scripts, recall in other scripts at least 0.9`, () => {
      const figures = (name: string) => measure(rows.find((row) => row.name === name)!.cases, (c) => matchers.crate!(c, withDuration))
      expect(figures("all").precision).toBeGreaterThanOrEqual(0.97)
      expect(figures("all, other scripts").precision).toBeGreaterThanOrEqual(0.97)
      expect(figures("all, other scripts").recall).toBeGreaterThanOrEqual(0.9)
    })

    it(`${withDuration ? "with" : "without"} durations: more accurate than the spotDL baseline in every row`, () => {
      for (const row of rows) {
        const crate = measure(row.cases, (c) => matchers.crate!(c, withDuration))
        const spotdl = measure(row.cases, (c) => matchers.spotDL!(c, withDuration))
        expect(crate.accuracy, row.name).toBeGreaterThan(spotdl.accuracy)
      }
    })
  }
})

describe("the releases' own Discogs videos (bench/match-videos.ts prints the same figures)", () => {
  it("on the labelled recorded releases: precision at least 0.97, recall at least 0.9", async () => {
    const figures = await measureDiscogsVideos()
    expect(figures.positives).toBeGreaterThan(10)
    expect(figures.precision, figures.mistakes.join("\n")).toBeGreaterThanOrEqual(0.97)
    expect(figures.recall, figures.mistakes.join("\n")).toBeGreaterThanOrEqual(0.9)
  })
})
