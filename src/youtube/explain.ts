import { acceptAt, type ScoreParts } from "./match/index.ts"
import type { CandidateRow, ReleaseToMatch, StoredMatch } from "./store.ts"
import { trackTitle } from "./wanted.ts"

const clock = (seconds: number | null) =>
  seconds === null ? "" : `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, "0")}`

const signed = (n: number) => (n > 0 ? `+${n}` : String(n))

const partsText = (parts: ScoreParts) =>
  [`title ${parts.title}`, `artist ${signed(parts.artist)}`, parts.duration === null ? "duration n/a" : `duration ${signed(parts.duration)}`,
    ...(parts.official ? [`official ${signed(parts.official)}`] : []), ...(parts.penalties ? [`penalties ${parts.penalties}`] : [])].join(" · ")

/** Why a candidate scored what it did: its parts, then what cost points (`crate match show`'s words, shown by `crate serve` too). */
export const whyText = (parts: ScoreParts, notes: ReadonlyArray<string>) =>
  `${partsText(parts)}${notes.length > 0 ? ` · ${notes.join("; ")}` : ""}`

const candidateLine = (c: CandidateRow) => {
  const who = c.channel ?? ((JSON.parse(c.artists) as ReadonlyArray<string>).join(", ") || "?")
  const notes = JSON.parse(c.notes) as ReadonlyArray<string>
  return [
    `      ${c.score.toFixed(1).padStart(5)}  ${c.video_id}  ${c.source.padEnd(13)} "${c.title}" · ${who}${c.duration_seconds === null ? "" : ` · ${clock(c.duration_seconds)}`}`,
    `             ${whyText(JSON.parse(c.parts) as ScoreParts, notes)}`
  ]
}

const decisionLine = (match: StoredMatch | undefined) => {
  if (match === undefined) return "    not decided yet"
  const gone = match.unavailable_reason === null ? "" : ` · UNAVAILABLE (${match.unavailable_reason}; \`crate run assets --rematch-failed\` picks another)`
  if (match.is_override === 1) {
    return match.video_id === null ? "    no match (set by hand)" : `    override: ${match.video_url ?? match.video_id} (set by hand)${gone}`
  }
  if (match.video_id === null) return `    no match · best score ${match.score?.toFixed(1) ?? "–"} (a match needs ${acceptAt})`
  return `    match ${match.score?.toFixed(1) ?? ""} from ${match.source}: "${match.video_title ?? ""}"${match.channel ? ` · ${match.channel}` : ""}` +
    `${match.video_duration === null ? "" : ` · ${clock(match.video_duration)}`} · ${match.video_url ?? ""}${gone}`
}

/** `crate match show`: each track's decision and the candidates behind it (the best `limit`, all when undefined). */
export const explainRelease = (release: ReleaseToMatch, candidates: ReadonlyArray<CandidateRow>, limit: number | undefined): string => {
  const decided = release.tracks.filter((track) => release.matches.has(track.trackId)).length
  const lines = [
    `release ${release.releaseId}: ${release.title} · ${decided} of ${release.tracks.length} tracks decided` +
      (release.matched ? "" : " · not fully matched yet (`crate run assets --only youtube`)"),
    `(scores are out of 100; a match needs ${acceptAt}; docs/matching.md explains every part)`
  ]
  for (const track of release.tracks) {
    const mine = candidates.filter((c) => c.track_id === track.trackId)
    lines.push("", `${(track.position || "–").padEnd(5)} ${trackTitle(track)}${track.durationSeconds === null ? "" : `  ${clock(track.durationSeconds)}`}`)
    lines.push(decisionLine(release.matches.get(track.trackId)))
    const queries = [...new Set(mine.flatMap((c) => (c.query === null ? [] : [c.query])))]
    if (queries.length > 0) lines.push(`    searched: ${queries.join(" | ")}`)
    const shown = limit === undefined ? mine : mine.slice(0, limit)
    if (mine.length > 0) lines.push(`    candidates (${shown.length} of ${mine.length}${shown.length < mine.length ? "; --all for every one" : ""}):`)
    for (const c of shown) lines.push(...candidateLine(c))
  }
  return lines.join("\n")
}
