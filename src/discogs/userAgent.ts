import { readFileSync } from "node:fs"

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string; repository: string }

/** Discogs asks every client to name itself: `crate/0.1.0 +https://…`. */
export const userAgent = `crate/${pkg.version} +${pkg.repository}`
export const version = pkg.version
