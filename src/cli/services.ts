import type { SqlClient } from "@effect/sql"
import { Layer } from "effect"
import * as Analyser from "../analysis/Analyser.ts"
import * as AudioDownloader from "../audio/AudioDownloader.ts"
import { CrateConfig, type ResolvedConfig } from "../config/Config.ts"
import * as DiscogsApi from "../discogs/DiscogsApi.ts"
import * as Database from "../library/Database.ts"
import type { YouTubeSearch } from "../youtube/YouTubeSearch.ts"
import { youtubeLayer } from "../youtube/layer.ts"

/** What a step may ask of its environment: crate's services. */
export type Services = SqlClient.SqlClient | CrateConfig | DiscogsApi.DiscogsApi | YouTubeSearch | AudioDownloader.AudioDownloader
  | Analyser.Analyser

/**
 * Every service the pipelines' steps use, built from the configuration: the one place where
 * real layers are chosen. Layers that need a tool or a secret check it in their step's
 * preflight, so that `--only covers` does not ask for yt-dlp.
 */
export const servicesLayer = (config: ResolvedConfig) =>
  Layer.mergeAll(
    Database.layer(config.database),
    Layer.succeed(CrateConfig, config),
    DiscogsApi.layer({ ...config.discogs }),
    youtubeLayer(config),
    AudioDownloader.layer(config),
    Analyser.layer(config)
  )
