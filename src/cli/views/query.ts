import type { QueryAnswer } from "../../query/command.ts"
import { queryWords } from "../../query/command.ts"
import type { ReleaseDetails, TrackAnalysis, TrackDetails } from "../../query/release.ts"
import type { ReleaseListing } from "../../query/releases.ts"
import type { Stats } from "../../query/stats.ts"
import type { TrackListing, TrackWithoutAudio } from "../../query/tracks.ts"
import { bytes, clock, mark, percent, plural } from "../../query/text.ts"

const listing = (release: ReleaseListing) => {
  const label = release.label === null ? "" : ` · ${release.label}${release.catno ? ` ${release.catno}` : ""}`
  return `  ${String(release.release_id).padStart(9)}  ${release.year ?? "    "}  ${release.artist} – ${release.title}${label}` +
    `  [covers ${mark(release.covers_downloaded)} · youtube ${release.tracks_matched}/${release.tracks} · audio ${release.tracks_with_audio}/${release.tracks}]`
}

const withoutAudio = (track: TrackWithoutAudio) =>
  `  ${String(track.release_id).padStart(9)} ${track.position.padEnd(5)} ${track.artist} – ${track.title}  (${track.release_title}): ${track.why}`

/** One track of a tempo or key search: tempo, key, who and what, and where it is from. */
export const trackListing = (track: TrackListing) => {
  const tempo = track.bpm === null ? "   – bpm" : `${track.bpm.toFixed(1).padStart(6)} bpm`
  const key = track.camelot === null ? "".padEnd(13) : `${track.camelot.padStart(3)} ${(track.key ?? "").padEnd(9)}`
  return `  ${tempo}  ${key}  ${track.artist} – ${track.title}  (${track.release_title} [${track.release_id}] ${track.position})`
}

const counts = (title: string, rows: ReadonlyArray<{ readonly name: string; readonly count: number }>) =>
  rows.length === 0 ? [] : [`${title}: ${rows.map((row) => `${row.name} ${row.count}`).join(" · ")}`]

const statsText = (stats: Stats) => [
  `Releases: ${stats.releases} (${stats.owned} in the collection now) · artists: ${stats.artists} · labels: ${stats.labels} · tracks: ${stats.tracks} (${stats.hours} h listed)`,
  ...(stats.years.first === null ? [] : [`Years: ${stats.years.first}–${stats.years.last}`]),
  ...counts("Decades", stats.decades),
  ...counts("Genres", stats.genres),
  ...counts("Styles", stats.styles),
  ...counts("Formats", stats.formats),
  `Covers: ${stats.covers}/${stats.releases} releases (${percent(stats.covers, stats.releases)}%) · ` +
  `YouTube: ${stats.youtube}/${stats.releases} releases (${percent(stats.youtube, stats.releases)}%), ${stats.tracksMatched}/${stats.tracks} tracks with a video · ` +
  `Audio: ${stats.tracksWithAudio}/${stats.tracks} tracks (${percent(stats.tracksWithAudio, stats.tracks)}%), ${bytes(stats.audioBytes)}`
].join("\n")

interface Format {
  readonly name?: unknown
  readonly qty?: unknown
  readonly descriptions?: unknown
  readonly text?: unknown
}

const formatsText = (formats: unknown) =>
  Array.isArray(formats)
    ? (formats as ReadonlyArray<Format>).map((format) => {
      const qty = typeof format.qty === "string" && format.qty !== "1" ? `${format.qty}×` : ""
      const descriptions = Array.isArray(format.descriptions) ? format.descriptions.filter((d): d is string => typeof d === "string") : []
      const text = typeof format.text === "string" && format.text !== "" ? [format.text] : []
      return [`${qty}${String(format.name ?? "?")}`, ...descriptions, ...text].join(" ")
    }).join(" + ")
    : ""

const matchText = (track: TrackDetails) => {
  const match = track.match
  if (match === null) return "youtube: not decided yet"
  const score = match.score === null ? "" : ` score ${Math.round(match.score)}`
  if (match.video_id === null) return `youtube: no match${match.by_hand ? " (set by hand)" : score ? ` (best${score})` : ""}`
  const gone = match.unavailable_reason === null ? "" : ` · UNAVAILABLE: ${match.unavailable_reason}`
  return `youtube: ${match.video_url ?? match.video_id} "${match.video_title ?? ""}"${match.video_duration === null ? "" : ` ${clock(match.video_duration)}`}` +
    `${match.by_hand ? " (set by hand)" : `${score}${match.source ? ` (${match.source})` : ""}`}${gone}`
}

const analysisText = (analysis: TrackAnalysis) =>
  [
    analysis.bpm === null ? null : `${analysis.bpm} bpm` +
      (analysis.bpm_alternative === null ? "" : ` (or ${analysis.bpm_alternative})`) +
      (analysis.bpm_confidence === null ? "" : `, confidence ${analysis.bpm_confidence.toFixed(1)} of 5.3`),
    analysis.key === null ? null : `${analysis.key}${analysis.camelot === null ? "" : ` (${analysis.camelot})`}`,
    analysis.loudness_lufs === null ? null : `${analysis.loudness_lufs.toFixed(1)} LUFS` +
      (analysis.true_peak_dbtp === null ? "" : `, true peak ${analysis.true_peak_dbtp.toFixed(1)} dBTP`)
  ].filter(Boolean).join(" · ")

const trackText = (track: TrackDetails) => {
  const head = `  ${track.position.padEnd(6)} ${track.title}${track.artist ? ` – ${track.artist}` : ""}${track.duration_seconds === null ? "" : `  ${clock(track.duration_seconds)}`}`
  const audio = track.audio === null ? "audio: –" : `audio: ${track.audio.path} (${clock(track.audio.duration_seconds)}, ${bytes(track.audio.bytes)})`
  const analysis = track.analysis === null ? [] : [`         analysis: ${analysisText(track.analysis)}`]
  return [head, `         ${matchText(track)}`, `         ${audio}`, ...analysis].join("\n")
}

const releaseText = (release: ReleaseDetails) => {
  const labels = release.labels.map((label) => `${label.name}${label.catno ? ` ${label.catno}` : ""}`).join(", ")
  const owned = release.collection.filter((item) => item.removed_at === null)
  const covers = release.covers.filter((cover) => cover.file_path !== null)
  const lines = [
    `${release.artist} – ${release.title} [${release.release_id}]`,
    `  ${[release.year ?? "year unknown", release.released ? `released ${release.released}` : null, release.country, labels].filter(Boolean).join(" · ")}`,
    `  formats: ${formatsText(release.formats) || "–"}`,
    `  genres: ${release.genres.join(", ") || "–"} · styles: ${release.styles.join(", ") || "–"}`,
    `  discogs: ${release.discogs_uri ?? "–"}${release.discogs_synced_at ? ` (synced ${release.discogs_synced_at})` : ""}`,
    `  collection: ${owned.length === 0 ? "not in the collection now" : `${plural(owned.length, "copy", "copies")}, added ${owned.map((item) => item.date_added ?? "?").join(", ")}`}`,
    `  folder: ${release.library_path ?? "none yet"}`,
    `  covers ${mark(release.covers_downloaded)}: ${covers.length}/${release.covers.length} files${covers.length > 0 ? ` (${covers.map((cover) => cover.file_path!.split("/").pop()).join(", ")})` : ""}` +
    ` · youtube ${release.tracks.filter((track) => track.match?.video_id != null).length}/${release.tracks.length} tracks with a video` +
    ` · audio ${release.tracks.filter((track) => track.audio !== null).length}/${release.tracks.length}`,
    `Tracks (${release.tracks.length}):`,
    ...release.tracks.map(trackText)
  ]
  if (release.checkpoints.length > 0) {
    lines.push("Steps:")
    for (const checkpoint of release.checkpoints) {
      const error = checkpoint.error_message === null ? "" : `: ${checkpoint.error_kind} ${checkpoint.error_reason}: ${checkpoint.error_message}`
      lines.push(`  ${checkpoint.step.padEnd(17)} ${checkpoint.status} after ${plural(checkpoint.attempts, "attempt")}${error}`)
    }
  }
  return lines.join("\n")
}

/** An answer as people read it. */
export const answerText = (answer: QueryAnswer): string => {
  switch (answer._tag) {
    case "Help":
      return ["Queries:", ...Object.values(queryWords).map((line) => `  ${line}`), "Add --json for JSON; `quit` or Ctrl-D leaves."].join("\n")
    case "Stats":
      return statsText(answer.stats)
    case "Release":
      return answer.release === null
        ? `release ${answer.id} is not in the database (sync it: crate run metadata --release-id ${answer.id})`
        : releaseText(answer.release)
    case "Search": {
      const { matched, releases } = answer.result
      const names = matched.length === 0 ? "" : ` (${matched.slice(0, 8).join(", ")}${matched.length > 8 ? ", …" : ""})`
      if (releases.length === 0) return `${answer.query}: no release found${names}`
      return [`${answer.query}: ${plural(releases.length, "release")}${names}`, ...releases.map(listing)].join("\n")
    }
    case "Tracks":
      return answer.tracks.length === 0
        ? `${answer.query}: no analysed track found (\`crate run assets --only analysis\` measures downloaded tracks)`
        : [`${answer.query}: ${plural(answer.tracks.length, "track")}`, ...answer.tracks.map(trackListing)].join("\n")
    case "WithoutAudio":
      return answer.tracks.length === 0
        ? "missing audio: every track has its audio file"
        : [`missing audio: ${plural(answer.tracks.length, "track")} without an audio file`, ...answer.tracks.map(withoutAudio)].join("\n")
  }
}

/** An answer as one JSON line. */
export const answerJson = (answer: QueryAnswer): string => {
  switch (answer._tag) {
    case "Help":
      return JSON.stringify({ queries: Object.keys(queryWords) })
    case "Stats":
      return JSON.stringify(answer.stats)
    case "Release":
      return JSON.stringify(answer.release ?? { release_id: answer.id, found: false })
    case "Search":
      return JSON.stringify({ query: answer.query, matched: answer.result.matched, releases: answer.result.releases })
    case "Tracks":
      return JSON.stringify({ query: answer.query, tracks: answer.tracks })
    case "WithoutAudio":
      return JSON.stringify({ query: "missing audio", tracks: answer.tracks })
  }
}
