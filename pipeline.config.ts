import { defineConfig } from "crate"

// crate's settings when it is run from this folder. Every key is optional: see docs/config.md.
// Secrets never go here: DISCOGS_TOKEN comes from the environment. With no `pipelines`, the
// built-in `metadata` and `assets` run (docs/pipelines.md shows how to declare your own).
export default defineConfig({
  database: "discogs_collection.db",
  library: "library",
  discogs: { requestsPerMinute: 60 },
  steps: {
    collection: { concurrency: 1 },
    release: { concurrency: 2 },
    covers: { concurrency: 4 },
    youtube: { concurrency: 2 },
    audio: { concurrency: 2 }
  }
})
