import pkg from "../../package.json" with { type: "json" }

/** Discogs asks every client to name itself: `crate/0.1.0 +https://…`. */
export const userAgent = `crate/${pkg.version} +${pkg.repository}`
export const version = pkg.version
