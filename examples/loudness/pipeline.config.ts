import { defineConfig, pipeline, releases } from "crate"
import { audio, collection, covers, release, youtube } from "crate/steps"
import { loudness } from "./steps/loudness.ts"

// Declared pipelines replace the built-in ones: metadata and assets are written out again,
// assets with a step of our own after audio, and a third pipeline for part of the collection.
export default defineConfig({
  pipelines: {
    metadata: pipeline(collection, release),
    assets: pipeline(covers, youtube, audio, loudness),
    nineties: pipeline(covers, youtube, { items: releases({ year: [1990, 1999], genre: "Electronic" }), batch: 50 })
  },
  steps: {
    youtube: { concurrency: 2 },
    loudness: { concurrency: 1, retry: { times: 2, base: "1 second" } }
  }
})
