/**
 * `npm run bench:match [-- CASES.json|RECORDINGS_DIR…] [--verbose]`: runs crate's matcher and
 * the spotDL baseline over labelled cases — by default the labelled candidate lists of
 * test/fixtures/matching/benchmark.json and the held-out recordings of
 * test/fixtures/youtube-music-holdout, searched through real youtubei.js — with the cases'
 * durations and without them, and prints precision, recall and accuracy per set and per
 * script (Latin, other scripts).
 *
 * A case's answer is one video id or "no match". precision = right answers / answers
 * given; recall = right answers / cases with an accepted id among their candidates;
 * accuracy = (right answers + right "no match") / cases.
 */
import { statSync } from "node:fs"
import { basename, join } from "node:path"
import { decide } from "../src/youtube/match/index.ts"
import { type BenchCase, loadCases, recordedCases, scriptOf, wantedTrack } from "./match-cases.ts"
import { spotdlMatch } from "./match-spotdl.ts"

type Matcher = (c: BenchCase, withDuration: boolean) => string | null

export const matchers: Readonly<Record<string, Matcher>> = {
  crate: (c, withDuration) => decide(wantedTrack(c, withDuration), c.candidates).match?.candidate.videoId ?? null,
  spotDL: (c, withDuration) => spotdlMatch(wantedTrack(c, withDuration), c.candidates)
}

export interface Figures {
  readonly cases: number
  readonly answered: number
  readonly right: number
  readonly wrong: number
  readonly rightNoMatch: number
  readonly missed: number
  readonly precision: number
  readonly recall: number
  readonly accuracy: number
}

export const measure = (cases: ReadonlyArray<BenchCase>, answer: (c: BenchCase) => string | null): Figures => {
  let answered = 0, right = 0, rightNoMatch = 0, missed = 0
  const positives = cases.filter((c) => c.candidates.some((k) => c.expected_video_ids.includes(k.videoId))).length
  for (const c of cases) {
    const id = answer(c)
    const hasExpected = c.candidates.some((k) => c.expected_video_ids.includes(k.videoId))
    if (id === null) {
      if (hasExpected) missed++
      else rightNoMatch++
      continue
    }
    answered++
    if (c.expected_video_ids.includes(id)) right++
  }
  return {
    cases: cases.length,
    answered,
    right,
    wrong: answered - right,
    rightNoMatch,
    missed,
    precision: answered === 0 ? 1 : right / answered,
    recall: positives === 0 ? 1 : right / positives,
    accuracy: cases.length === 0 ? 1 : (right + rightNoMatch) / cases.length
  }
}

const row = (name: string, f: Figures) =>
  `${name.padEnd(34)} ${String(f.cases).padStart(5)} ${f.precision.toFixed(3).padStart(9)} ${f.recall.toFixed(3).padStart(7)} ${f.accuracy.toFixed(3).padStart(9)}` +
  `${String(f.right).padStart(7)} ${String(f.wrong).padStart(6)} ${String(f.missed).padStart(7)} ${String(f.rightNoMatch).padStart(12)}`

export interface CaseSet {
  readonly name: string
  readonly cases: ReadonlyArray<BenchCase>
}

/** Each set, and all of them together, whole and by script. */
export const groups = (sets: ReadonlyArray<CaseSet>): ReadonlyArray<CaseSet> => {
  const all = sets.flatMap((set) => set.cases)
  const byScript = (name: string, cases: ReadonlyArray<BenchCase>) =>
    (["Latin", "other scripts"] as const).map((script) => ({ name: `${name}, ${script}`, cases: cases.filter((c) => scriptOf(c) === script) }))
  return [
    ...sets.flatMap((set) => [set, ...byScript(set.name, set.cases)]),
    ...(sets.length > 1 ? [{ name: "all", cases: all }, ...byScript("all", all)] : [])
  ]
}

/** The default sets: the labelled candidate lists and the held-out recordings. */
export const defaultSets = async (): Promise<ReadonlyArray<CaseSet>> => [
  { name: "labelled", cases: loadCases(join(import.meta.dirname, "../test/fixtures/matching/benchmark.json")) },
  { name: "held out", cases: await recordedCases(join(import.meta.dirname, "../test/fixtures/youtube-music-holdout")) }
]

const loadSet = async (path: string): Promise<CaseSet> => ({
  name: basename(path).replace(/\.json$/, ""),
  cases: statSync(path).isDirectory() ? await recordedCases(path) : loadCases(path)
})

const detail = (cases: ReadonlyArray<BenchCase>, withDuration: boolean, verbose: boolean) => {
  const lines: Array<string> = []
  for (const c of cases) {
    const answers = Object.entries(matchers).map(([name, matcher]) => [name, matcher(c, withDuration)] as const)
    const verdict = (id: string | null) =>
      id === null ? "no match" : c.expected_video_ids.includes(id) ? `${id} ✓` : `${id} ✗`
    const interesting = answers.some(([, id]) => id === null ? c.candidates.some((k) => c.expected_video_ids.includes(k.videoId)) : !c.expected_video_ids.includes(id))
    if (!verbose && !interesting) continue
    lines.push(`  case ${String(c.case_index).padStart(2)} ${`${c.track.artists[0]} – ${c.track.title}`.slice(0, 44).padEnd(44)} ` +
      answers.map(([name, id]) => `${name}: ${verdict(id)}`).join("   "))
  }
  return lines
}

export const main = async (args: ReadonlyArray<string>) => {
  const verbose = args.includes("--verbose")
  const paths = args.filter((arg) => !arg.startsWith("--"))
  const started = performance.now()
  const sets = paths.length > 0 ? await Promise.all(paths.map(loadSet)) : await defaultSets()
  console.log(`matching: ${sets.map((set) => `${set.cases.length} ${set.name}`).join(" + ")} cases\n`)
  console.log(`${"".padEnd(34)} cases precision  recall  accuracy  right  wrong  missed  no match ok`)
  for (const group of groups(sets)) {
    if (group.cases.length === 0) continue
    console.log(`${group.name}`)
    for (const withDuration of [true, false]) {
      for (const [name, matcher] of Object.entries(matchers)) {
        console.log(row(`  ${name} (${withDuration ? "with durations" : "no durations"})`, measure(group.cases, (c) => matcher(c, withDuration))))
      }
    }
  }
  for (const set of sets) {
    for (const withDuration of [true, false]) {
      const lines = detail(set.cases, withDuration, verbose)
      if (lines.length > 0) console.log(`\n${set.name}, ${withDuration ? "with durations" : "without durations"}: ${verbose ? "every case" : "cases where a matcher is wrong or misses"}\n${lines.join("\n")}`)
    }
  }
  console.log(`\n(${(performance.now() - started).toFixed(0)} ms)`)
}

if (process.argv[1] === import.meta.filename) await main(process.argv.slice(2))
