import { clock } from "../../query/text.ts"
import { whyText } from "../../youtube/explain.ts"
import { acceptAt } from "../../youtube/match/index.ts"
import { watchUrl } from "../../youtube/step.ts"
import { fileUrl } from "../files.ts"
import { type Html, html } from "../html.ts"
import type { ReviewCandidate, ReviewCounts, ReviewTrack } from "../../query/review.ts"
import { page, type PageContext, tokenField } from "./layout.ts"

export interface ReviewView {
  readonly below: number
  readonly counts: ReviewCounts
  readonly youtubeUrl: string
}

const thresholdForm = (view: ReviewView) =>
  html`<form class="threshold" method="get" action="/review">
<label>Also review matches below <input type="number" name="below" min="0" max="101" value="${view.below}" inputmode="numeric"> points</label>
<button type="submit">Apply</button></form>`

const decisionText = (track: ReviewTrack) => {
  const d = track.decision
  if (d === null) return "not decided yet"
  if (d.byHand) return d.videoId === null ? "no video (set by hand)" : `set by hand: ${d.videoId}`
  return d.videoId === null
    ? `no match (nothing reached ${acceptAt} points)`
    : `matched at ${d.score?.toFixed(1) ?? "?"} points: ${d.videoId}`
}

const choiceButton = (context: PageContext, track: ReviewTrack, view: ReviewView, action: string, label: string, key: string, video?: string) =>
  html`<form method="post" action="/review/track/${track.trackId}" class="choice">${tokenField(context)}
<input type="hidden" name="action" value="${action}">${video === undefined ? "" : html`<input type="hidden" name="video" value="${video}">`}
<input type="hidden" name="below" value="${view.below}">
<button type="submit" data-key="${key}" aria-keyshortcuts="${key}">${label} <kbd>${key}</kbd></button></form>`

const candidateItem = (context: PageContext, track: ReviewTrack, view: ReviewView, candidate: ReviewCandidate, index: number) => {
  const chosen = track.decision?.videoId === candidate.videoId
  const key = index < 9 ? String(index + 1) : ""
  return html`<li class="candidate${chosen ? " chosen" : ""}">
<div class="score" title="out of 100; a match needs ${acceptAt}">${candidate.score.toFixed(1)}</div>
<div class="what"><a href="${watchUrl(view.youtubeUrl, candidate.videoId)}" target="_blank" rel="noreferrer">${candidate.title}</a>
<span class="muted">${candidate.who}${candidate.durationSeconds === null ? "" : ` · ${clock(candidate.durationSeconds)}`} · from ${candidate.source}</span>
<span class="why">${whyText(candidate.parts, candidate.notes)}</span>
${track.audio !== null && track.audio.videoUrl?.includes(candidate.videoId) ? html`<audio controls preload="none" src="${fileUrl(track.audio.path)}"></audio>` : ""}
</div>
${context.readOnly || key === "" ? "" : choiceButton(context, track, view, "pick", chosen ? "Keep this" : "Choose", key, candidate.videoId)}
</li>`
}

export const reviewTrackBody = (context: PageContext, track: ReviewTrack, view: ReviewView, nextHref: string | null, notice: Html | string = "") =>
  html`<h1>Review</h1>
<p class="summary">${view.counts.waiting} ${view.counts.waiting === 1 ? "track needs" : "tracks need"} a look (no match, or below ${view.below} points)${
    view.counts.undecided > 0 ? html`; ${view.counts.undecided} more not decided yet: <code>crate run assets --only youtube</code> decides them` : ""
  }.</p>
${notice === "" ? "" : html`<p class="notice" role="status">${notice}</p>`}
${thresholdForm(view)}
<section class="review" aria-labelledby="track-title">
<div class="track">
${track.cover === null ? "" : html`<img class="cover" src="${fileUrl(track.cover)}" alt="" width="160" height="160">`}
<div>
<p class="muted"><a href="/release/${track.releaseId}">${track.releaseArtist} – ${track.releaseTitle}</a></p>
<h2 id="track-title"><span class="pos">${track.position}</span> ${track.title}</h2>
<p>${track.artist ?? track.releaseArtist}${track.durationSeconds === null ? "" : ` · ${clock(track.durationSeconds)}`}</p>
<p class="decision">Now: ${decisionText(track)}</p>
</div>
</div>
${
    track.candidates.length === 0
      ? html`<p class="muted">No candidates were found for this track.</p>`
      : html`<ol class="candidates">${track.candidates.map((c, i) => candidateItem(context, track, view, c, i))}</ol>`
  }
<div class="actions">
${context.readOnly ? "" : choiceButton(context, track, view, "none", "No video", "n")}
${nextHref === null ? "" : html`<a class="button" href="${nextHref}" data-key="s" aria-keyshortcuts="s">Skip <kbd>s</kbd></a>`}
</div>
<p class="muted keys">Keys: <kbd>1</kbd>–<kbd>9</kbd> choose that candidate · <kbd>n</kbd> no video · <kbd>s</kbd> skip. A choice is kept as
<code>crate match set</code> keeps it: no run replaces it, and <code>crate run assets --only audio</code> downloads it.</p>
</section>`

export const reviewPage = (context: PageContext, title: string, body: Html) => page(context, "review", title, body)

export const reviewDonePage = (context: PageContext, view: ReviewView) =>
  reviewPage(
    context,
    "Review",
    html`<h1>Review</h1>
<p class="summary">Nothing to review: every decided track has a match of ${view.below} points or more, or was decided by hand.${
      view.counts.undecided > 0 ? html` ${view.counts.undecided} tracks are not decided yet: <code>crate run assets --only youtube</code> decides them.` : ""
    }</p>
${thresholdForm(view)}`
  )
