/** HTML built from template literals: every interpolated value is escaped unless it is already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString() {
    return this.text
  }
}

type Part = Html | string | number | null | undefined | false | ReadonlyArray<Part>

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }

export const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => escapes[c]!)

const render = (part: Part): string =>
  part instanceof Html
    ? part.text
    : Array.isArray(part)
    ? part.map(render).join("")
    : part === null || part === undefined || part === false
    ? ""
    : escape(String(part))

export const html = (strings: TemplateStringsArray, ...parts: ReadonlyArray<Part>): Html =>
  new Html(strings.reduce((out, text, i) => out + text + (i < parts.length ? render(parts[i] as Part) : ""), ""))

/** Trusted markup (crate's own), inserted as is. */
export const raw = (text: string): Html => new Html(text)
