import { defineConfig } from "./src/config/defineConfig.ts"

// crate's settings when it is run from this folder. Every key is optional: see docs/config.md.
// Secrets never go here: DISCOGS_TOKEN comes from the environment.
export default defineConfig({
  database: "discogs_collection.db",
  library: "library",
  discogs: { requestsPerMinute: 60 },
  pipelines: {
    metadata: { steps: { collection: { concurrency: 1 }, release: { concurrency: 2 } } },
    assets: { steps: { covers: { concurrency: 4 }, youtube: { concurrency: 2 }, audio: { concurrency: 2 } } }
  }
})
