import { runStepCounts, type Status } from "../../query/status.ts"
import { ago, duration, percent } from "../../query/text.ts"
import { html } from "../html.ts"
import { page, type PageContext } from "./layout.ts"

const bar = (title: string, done: number, total: number, unit: string) =>
  html`<li><span class="label">${title}</span><progress max="${Math.max(total, 1)}" value="${done}" aria-label="${title}"></progress>
<span class="num">${done.toLocaleString("en")}/${total.toLocaleString("en")}${unit === "release" ? "" : ` ${unit}s`} (${percent(done, total)}%)</span></li>`

/** The progress figures alone: the page polls them while it is open, so a run in another terminal shows as it goes. */
export const progressFragment = (status: Status, nowMs: number) =>
  html`<div id="progress" data-live="${status.running === null ? "idle" : "running"}">
${
    status.running === null
      ? html`<p class="muted">No run is going. <code>crate run assets</code> in a terminal shows here as it goes.</p>`
      : html`<p class="running" role="status">Running now: <code>${status.running.command}</code> (pid ${status.running.pid}, since ${ago(status.running.since, nowMs)})</p>`
  }
<p>${status.releases.toLocaleString("en")} releases · ${status.tracks.total.toLocaleString("en")} tracks: ${status.tracks.matched.toLocaleString("en")} with a video,
${status.tracks.noMatch.toLocaleString("en")} no match, ${status.tracks.audioFiles.toLocaleString("en")} audio files</p>
<ul class="bars">${status.steps.map((s) => bar(s.title, s.done, s.total, s.unit))}</ul>
<h2>Left to do</h2>
<ul class="plain">${
    status.pending.map((work) =>
      html`<li><strong>${work.step}</strong>: ${
        work.releases === 0 ? (work.waiting === 0 ? "nothing" : "none yet") : `${work.releases.toLocaleString("en")} ${work.unit}s ready`
      }${
        work.waiting > 0 ? `, ${work.waiting.toLocaleString("en")} waiting for ${work.waitingFor.join(" and ")}` : ""
      }</li>`
    )
  }</ul>
${
    status.failures.length === 0 ? "" : html`<h2>Failures</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Step</th><th scope="col">Count</th><th scope="col">Reason</th><th scope="col">Latest</th></tr></thead><tbody>${
      status.failures.map((f) =>
        html`<tr><td>${f.step}</td><td class="num">${f.count}</td><td>${f.reason} <span class="muted">(${f.kind})</span></td><td>${
          f.step === "collection" ? f.item : html`<a href="/release/${f.item}">release ${f.item}</a>`
        }: ${f.message}</td></tr>`
      )
    }</tbody></table></div>`
  }
${
    status.runs.length === 0 ? "" : html`<h2>Last runs</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Run</th><th scope="col">Pipeline</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Took</th><th scope="col">Steps</th></tr></thead><tbody>${
      status.runs.map((run) =>
        html`<tr><td>#${run.run_id}</td><td>${run.pipeline}</td><td>${run.status}</td><td>${ago(run.started_at, nowMs)}</td><td>${
          run.finished_at === null ? "" : duration(Date.parse(run.finished_at) - Date.parse(run.started_at))
        }</td><td>${
          runStepCounts(run).map((s) => `${s.step} ${s.done}${s.failed > 0 ? ` (${s.failed} failed)` : ""}`).join(" · ")
        }${run.status === "failed" && run.error ? ` — ${run.error}` : ""}</td></tr>`
      )
    }</tbody></table></div>`
  }
</div>`

export const progressPage = (context: PageContext, status: Status, nowMs: number) =>
  page(context, "progress", "Progress", html`<h1>Progress</h1>\n${progressFragment(status, nowMs)}`)
