import Database from "better-sqlite3"
import { Effect, Either } from "effect"
import type { ResolvedConfig } from "../config/Config.ts"
import { findAudioTools } from "../tools/audioTools.ts"
import { type MediaServer, startMediaServer } from "./media-server.ts"
import { makeTone } from "./media-tone.ts"

/** Length of the tone served for a video the database does not know. */
const defaultSeconds = 30

export interface DemoMedia {
  readonly server: MediaServer
  /** What the demo says about its audio. */
  readonly description: string
  /**
   * The demo's audio settings: loopback allowed, no polite pause, and the audio step left out
   * when yt-dlp or ffmpeg is missing (the rest of the demo runs). Remembers the database, where
   * the length of each matched video is read.
   */
  readonly configure: (config: ResolvedConfig) => ResolvedConfig
}

const matchedLength = (database: string | undefined, videoId: string): number | undefined => {
  if (database === undefined) return undefined
  const db = new Database(database, { readonly: true, fileMustExist: true })
  try {
    const row = db.prepare("SELECT video_duration AS seconds FROM youtube_matches WHERE video_id = ? LIMIT 1").get(videoId) as
      | { seconds: number | null }
      | undefined
    return row?.seconds ?? undefined
  } finally {
    db.close()
  }
}

/**
 * The media host of `crate demo`: every video is a tone as long as the video the youtube
 * step matched (so the audio step's length check holds), made once per length.
 */
export const startDemoMedia = async (options: { readonly database?: string } = {}): Promise<DemoMedia> => {
  let database = options.database
  const tones = new Map<number, Promise<Uint8Array>>()
  const tools = await Effect.runPromise(Effect.either(findAudioTools({ ytDlp: null, ffmpeg: null })))
  const server = await startMediaServer({
    media: (videoId) => {
      const seconds = Math.max(1, Math.min(matchedLength(database, videoId) ?? defaultSeconds, 3600))
      let tone = tones.get(seconds)
      if (tone === undefined) tones.set(seconds, tone = makeTone({ seconds }))
      return tone
    }
  })
  const missing = Either.isLeft(tools) ? tools.left.message : undefined
  return {
    server,
    description: missing === undefined
      ? `yt-dlp downloads audio from ${server.url}`
      : `no audio, as the audio step needs tools this machine lacks: ${missing}`,
    configure: (config) => {
      database = config.database
      return {
        ...config,
        // The watch links (on the fake YouTube) and this host are on loopback.
        network: { ...config.network, allowedHosts: [...config.network.allowedHosts, new URL(server.url).hostname] },
        audio: { ...config.audio, sleepSeconds: 0 },
        policies: missing === undefined || config.policies["audio"] === undefined ? config.policies : {
          ...config.policies,
          audio: { ...config.policies["audio"], enabled: false }
        }
      }
    }
  }
}
