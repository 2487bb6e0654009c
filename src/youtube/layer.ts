import type { ResolvedConfig } from "../config/Config.ts"
import * as YouTubeSearch from "./YouTubeSearch.ts"

/** What the youtube step needs besides the database, from the configuration. Builds nothing until the first search. */
export const youtubeLayer = (config: ResolvedConfig) =>
  YouTubeSearch.layer({
    baseUrl: config.youtube.baseUrl,
    requestsPerMinute: config.youtube.requestsPerMinute,
    concurrency: config.youtube.searchesAtOnce,
    cooldown: config.youtube.cooldown
  })
