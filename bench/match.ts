/**
 * `npm run bench:match [-- CASES.json] [--verbose]`: runs crate's matcher and the spotDL
 * baseline over labelled cases (default test/fixtures/matching/benchmark.json), with the
 * cases' durations and without them, and prints precision, recall and accuracy.
 *
 * A case's answer is one video id or "no match". precision = right answers / answers
 * given; recall = right answers / cases with an accepted id among their candidates;
 * accuracy = (right answers + right "no match") / cases.
 */
import { join } from "node:path"
import { decide } from "../src/youtube/match/index.ts"
import { type BenchCase, candidates, loadCases, wantedTrack } from "./match-cases.ts"
import { spotdlMatch } from "./match-spotdl.ts"

type Matcher = (c: BenchCase, withDuration: boolean) => string | null

export const matchers: Readonly<Record<string, Matcher>> = {
  crate: (c, withDuration) => decide(wantedTrack(c, withDuration), candidates(c)).match?.candidate.videoId ?? null,
  spotDL: (c, withDuration) => spotdlMatch(wantedTrack(c, withDuration), candidates(c))
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
  `${name.padEnd(26)} ${f.precision.toFixed(3).padStart(9)} ${f.recall.toFixed(3).padStart(7)} ${f.accuracy.toFixed(3).padStart(9)}` +
  `${String(f.right).padStart(7)} ${String(f.wrong).padStart(6)} ${String(f.missed).padStart(7)} ${String(f.rightNoMatch).padStart(12)}`

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

export const main = (args: ReadonlyArray<string>) => {
  const verbose = args.includes("--verbose")
  const file = args.find((arg) => !arg.startsWith("--")) ?? join(import.meta.dirname, "../test/fixtures/matching/benchmark.json")
  const cases = loadCases(file)
  const started = performance.now()
  console.log(`matching: ${cases.length} labelled cases from ${file}\n`)
  console.log(`${"".padEnd(26)} precision  recall  accuracy  right  wrong  missed  no match ok`)
  for (const withDuration of [true, false]) {
    for (const [name, matcher] of Object.entries(matchers)) {
      console.log(row(`${name} (${withDuration ? "with durations" : "no durations"})`, measure(cases, (c) => matcher(c, withDuration))))
    }
  }
  for (const withDuration of [true, false]) {
    const lines = detail(cases, withDuration, verbose)
    if (lines.length > 0) console.log(`\n${withDuration ? "with durations" : "without durations"}: ${verbose ? "every case" : "cases where a matcher is wrong or misses"}\n${lines.join("\n")}`)
  }
  console.log(`\n(${(performance.now() - started).toFixed(0)} ms)`)
}

if (process.argv[1] === import.meta.filename) main(process.argv.slice(2))
