import { type Browse, type BrowseResult, browseQuery, type Facets, sortOrders } from "../browse.ts"
import type { CollectionEntry } from "../../query/collection.ts"
import { fileUrl } from "../files.ts"
import { type Html, html } from "../html.ts"
import { page, type PageContext } from "./layout.ts"

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`

/** How far phase 2 is for the release: each part done, partly done, or not begun. */
const stateOf = (entry: CollectionEntry): Html => {
  const part = (label: string, done: number, of: number) =>
    html`<li class="${done === 0 ? "none" : done >= of ? "done" : "part"}" title="${label}: ${done} of ${plural(of, "track")}">${label} ${done}/${of}</li>`
  return html`<ul class="state" aria-label="enrichment">
<li class="${entry.coversDone ? "done" : "none"}">${entry.coversDone ? "cover ✓" : "no cover"}</li>
${part("YouTube", entry.matched, entry.tracks)}${part("audio", entry.downloaded, entry.tracks)}</ul>`
}

export const card = (entry: CollectionEntry): Html =>
  html`<li class="card"><a href="/release/${entry.releaseId}">${
    entry.cover === null
      ? html`<span class="cover empty" aria-hidden="true">♪</span>`
      : html`<img class="cover" src="${fileUrl(entry.cover)}" alt="" loading="lazy" decoding="async" width="240" height="240">`
  }<span class="title">${entry.title}</span><span class="artist">${entry.artist}</span><span class="meta">${
    [entry.year || null, entry.labels[0] ? `${entry.labels[0].name}${entry.labels[0].catno ? ` · ${entry.labels[0].catno}` : ""}` : null]
      .filter((part) => part !== null).join(" · ")
  }</span></a>${stateOf(entry)}</li>`

const options = <A extends string | number>(values: ReadonlyArray<readonly [A, number]>, chosen: A | null | "", label: (value: A) => string) =>
  values.map(([value, count]) => html`<option value="${value}"${value === chosen ? html` selected` : ""}>${label(value)} (${count})</option>`)

const select = (name: string, label: string, any: string, body: ReadonlyArray<Html>) =>
  html`<label>${label}<select name="${name}"><option value="">${any}</option>${body}</select></label>`

const filters = (browse: Browse, facets: Facets) =>
  html`<form class="filters" method="get" action="/" role="search">
<label class="search">Search<input type="search" name="q" value="${browse.q}" placeholder="artist, title, label, catalogue number" autocomplete="off"></label>
<label>Artist<input type="text" name="artist" value="${browse.artist}"></label>
<label>Label<input type="text" name="label" value="${browse.label}"></label>
${select("genre", "Genre", "any", options(facets.genres, browse.genre, String))}
${select("style", "Style", "any", options(facets.styles, browse.style, String))}
${select("format", "Format", "any", options(facets.formats, browse.format, String))}
${select("folder", "Folder", "any", options(facets.folders, browse.folder, (id) => (id === 0 ? "All" : id === 1 ? "Uncategorized" : `folder ${id}`)))}
<label>Years<span class="pair"><input type="number" name="from" value="${browse.yearFrom}" placeholder="${facets.years?.[0]}" inputmode="numeric" aria-label="from year">
<input type="number" name="to" value="${browse.yearTo}" placeholder="${facets.years?.[1]}" inputmode="numeric" aria-label="to year"></span></label>
<label>Sort<select name="sort">${
    sortOrders.map((order) => html`<option value="${order}"${order === browse.sort ? html` selected` : ""}>${order === "added" ? "date added" : order}</option>`)
  }</select></label>
<button type="submit">Show</button>
</form>`

/**
 * A page of the grid, and the link to the next: the script appends further pages beside it.
 * Each page is a grid of its own, so that the browser lays out a new page without the ones
 * before it (the whole collection scrolled through stays quick at 10,000 releases).
 */
export const gridPage = (browse: Browse, result: BrowseResult): Html =>
  html`<ul class="grid">${result.page.map(card)}</ul>${
    result.more ? html`<p class="more"><a href="/${browseQuery(browse, { page: browse.page + 1 })}" data-more>More releases</a></p>` : ""
  }`

export const collectionPage = (context: PageContext, browse: Browse, result: BrowseResult, facets: Facets, collectionSize: number) =>
  page(
    context,
    "collection",
    "Collection",
    html`<h1>Collection</h1>
${filters(browse, facets)}
<p class="summary" aria-live="polite">${
      result.total === collectionSize ? plural(collectionSize, "release") : `${plural(result.total, "release")} of ${collectionSize.toLocaleString("en")}`
    }${collectionSize === 0 ? html` — run <code>crate run metadata</code> to sync your collection` : ""}</p>
<div id="grid">${gridPage(browse, result)}</div>`
  )
