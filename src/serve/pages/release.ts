import type { ReleaseDetails, TrackDetails } from "../../query/release.ts"
import { clock } from "../../query/text.ts"
import { whyText } from "../../youtube/explain.ts"
import type { ScoreParts } from "../../youtube/match/index.ts"
import type { CandidateRow } from "../../youtube/store.ts"
import { fileUrl } from "../files.ts"
import { type Html, html } from "../html.ts"
import { page, type PageContext } from "./layout.ts"

interface FormatJson {
  readonly name?: string
  readonly qty?: string
  readonly descriptions?: ReadonlyArray<string>
  readonly text?: string
}

const formatText = (formats: unknown) =>
  (Array.isArray(formats) ? formats as ReadonlyArray<FormatJson> : [])
    .map((f) => [f.qty && f.qty !== "1" ? `${f.qty} ×` : "", f.name ?? "", ...(f.descriptions ?? []), f.text ?? ""].filter((p) => p !== "").join(" "))
    .join("; ")

const fact = (term: string, value: string | Html | null | undefined) =>
  value === null || value === undefined || value === "" ? "" : html`<dt>${term}</dt><dd>${value}</dd>`

const sourceText: Record<string, string> = {
  "discogs-video": "the release's Discogs videos",
  "youtube-music": "a YouTube Music search",
  override: "chosen by hand"
}

/** Why the match was taken: the chosen candidate's score parts and notes, as `crate match show` gives them. */
const why = (track: TrackDetails, candidates: ReadonlyArray<CandidateRow>) => {
  const chosen = candidates.find((c) => c.track_id === track.track_id && c.video_id === track.match?.video_id)
  if (chosen === undefined) return ""
  return html`<span class="why">${whyText(JSON.parse(chosen.parts) as ScoreParts, JSON.parse(chosen.notes) as ReadonlyArray<string>)}</span>`
}

const matchCell = (track: TrackDetails, candidates: ReadonlyArray<CandidateRow>) => {
  const match = track.match
  if (match === null) return html`<span class="muted">not decided yet</span>`
  if (match.video_id === null) {
    return html`<span class="none">no match</span>${match.by_hand ? " (by hand)" : match.score === null ? "" : html` <span class="muted">best ${match.score.toFixed(0)}</span>`}`
  }
  return html`<a href="${match.video_url}" rel="noreferrer" target="_blank">${match.video_title ?? match.video_id}</a>
<span class="muted">${match.by_hand ? "by hand" : `${match.score?.toFixed(0) ?? "?"}/100 from ${sourceText[match.source ?? ""] ?? match.source}`}${
    match.unavailable_reason === null ? "" : ` · unavailable (${match.unavailable_reason})`
  }</span>${why(track, candidates)}`
}

const analysisCell = (track: TrackDetails) => {
  const a = track.analysis
  if (a === null) return ""
  return [
    a.bpm === null ? null : `${a.bpm.toFixed(1)} BPM`,
    a.key === null ? null : `${a.key}${a.camelot === null ? "" : ` (${a.camelot})`}`,
    a.loudness_lufs === null ? null : `${a.loudness_lufs.toFixed(1)} LUFS`
  ].filter((p) => p !== null).join(" · ")
}

const trackRow = (track: TrackDetails, readOnly: boolean, candidates: ReadonlyArray<CandidateRow>) =>
  html`<tr>
<td class="pos">${track.position}</td>
<td><span class="track-title">${track.title}</span>${track.artist === null ? "" : html`<span class="muted"> — ${track.artist}</span>`}${
    track.waveform === null ? "" : html`<img class="waveform" src="${fileUrl(track.waveform)}" alt="waveform" loading="lazy">`
  }</td>
<td class="num">${clock(track.duration_seconds)}</td>
<td>${matchCell(track, candidates)}${
    track.track_id === null || readOnly ? "" : html` <a class="review-link" href="/review/track/${track.track_id}">review</a>`
  }</td>
<td>${track.audio === null ? "" : html`<audio controls preload="none" src="${fileUrl(track.audio.path)}"></audio>`}</td>
<td class="muted">${analysisCell(track)}</td>
</tr>`

export const releasePage = (context: PageContext, release: ReleaseDetails, candidates: ReadonlyArray<CandidateRow>) => {
  const covers = release.covers.filter((c) => c.file_path !== null)
  const owned = release.collection.filter((c) => c.removed_at === null)
  return page(
    context,
    "collection",
    `${release.artist} – ${release.title}`,
    html`<article class="release">
<div class="covers">${
      covers.length === 0
        ? html`<span class="cover large empty" aria-hidden="true">♪</span>`
        : covers.map((c, i) =>
          html`<a href="${fileUrl(c.file_path!)}"><img class="${i === 0 ? "cover large" : "cover thumb"}" src="${fileUrl(c.file_path!)}" alt="${c.type} cover ${c.position + 1}"></a>`
        )
    }</div>
<div class="facts">
<p class="artist">${release.artist}</p>
<h1>${release.title}</h1>
<dl>
${fact("Year", release.year ? String(release.year) : null)}
${fact("Released", release.released)}
${fact("Country", release.country)}
${fact("Label", release.labels.map((l) => `${l.name}${l.catno ? ` – ${l.catno}` : ""}`).join("; "))}
${fact("Format", formatText(release.formats))}
${fact("Genre", release.genres.join(", "))}
${fact("Style", release.styles.join(", "))}
${fact("In folder", [...new Set(owned.map((c) => String(c.folder_id)))].join(", "))}
${fact("Added", owned[0]?.date_added?.slice(0, 10))}
${fact("Discogs", release.discogs_uri === null ? null : html`<a href="${release.discogs_uri}" rel="noreferrer" target="_blank">release ${release.release_id}</a>`)}
</dl>
${release.notes === null || release.notes === "" ? "" : html`<details><summary>Notes</summary><p class="notes">${release.notes}</p></details>`}
</div>
</article>
<h2>Tracklist</h2>
<div class="table-wrap"><table class="tracks">
<thead><tr><th scope="col">#</th><th scope="col">Title</th><th scope="col">Time</th><th scope="col">YouTube match</th><th scope="col">Listen</th><th scope="col">Analysis</th></tr></thead>
<tbody>${release.tracks.map((track) => trackRow(track, context.readOnly, candidates))}</tbody>
</table></div>`
  )
}
