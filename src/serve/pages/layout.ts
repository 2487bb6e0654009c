import { type Html, html } from "../html.ts"

export type Section = "collection" | "progress" | "review"

export interface PageContext {
  /** The per-server token every form carries back. */
  readonly token: string
  readonly readOnly: boolean
  /** Changes with crate's version, so browsers fetch the new stylesheet and script. */
  readonly assetVersion: string
}

const nav: ReadonlyArray<readonly [Section, string, string]> = [
  ["collection", "/", "Collection"],
  ["progress", "/progress", "Progress"],
  ["review", "/review", "Review"]
]

export const page = (context: PageContext, section: Section, title: string, body: Html) =>
  html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="crate-token" content="${context.token}">
<title>${title} · crate</title>
<link rel="stylesheet" href="/assets/crate.css?v=${context.assetVersion}">
<link rel="icon" href="data:,">
<script src="/assets/crate.js?v=${context.assetVersion}" defer></script>
</head>
<body>
<header class="top">
<a class="brand" href="/">crate</a>
<nav aria-label="Sections">${
    nav.map(([name, href, label]) => html`<a href="${href}"${name === section ? html` aria-current="page"` : ""}>${label}</a>`)
  }</nav>${context.readOnly ? html`<span class="badge">read-only</span>` : ""}
</header>
<main id="main">
${body}
</main>
</body>
</html>
`

/** A form that changes something: posted to this server with its token. */
export const tokenField = (context: PageContext) => html`<input type="hidden" name="token" value="${context.token}">`

