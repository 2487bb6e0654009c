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
   * The demo's audio settings: loopback allowed, no polite pause, and the audio steps left out
   * when yt-dlp or ffmpeg is missing (the rest of the demo runs). Remembers the database, where
   * the length of each matched video is read.
   */
  readonly configure: (config: ResolvedConfig) => ResolvedConfig
}

/** Tempo and key of the demo's tracks are measured on half a minute of each: the demo stays quick. */
const demoAnalysisSeconds = 30

const toolSteps = new Set(["audio", "analysis", "waveform"])

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

/** The demo's music: four tempos and keys, so that analysis and playlists have something to tell apart. */
export const demoBeats = [
  { bpm: 90, key: "A minor", chord: [220.0, 261.63, 329.63] },
  { bpm: 120, key: "C major", chord: [261.63, 329.63, 392.0] },
  { bpm: 128, key: "F# minor", chord: [185.0, 220.0, 277.18] },
  { bpm: 174, key: "G major", chord: [196.0, 246.94, 293.66] }
]

const beatOf = (videoId: string) => demoBeats[[...videoId].reduce((sum, char) => sum + char.charCodeAt(0), 0) % demoBeats.length]!

/**
 * The media host of `crate demo`: every video is a beat as long as the video the youtube
 * step matched (so the audio step's length check holds), made once per length and beat.
 */
export const startDemoMedia = async (options: { readonly database?: string } = {}): Promise<DemoMedia> => {
  let database = options.database
  const tones = new Map<string, Promise<Uint8Array>>()
  const tools = await Effect.runPromise(Effect.either(findAudioTools({ ytDlp: null, ffmpeg: null })))
  const server = await startMediaServer({
    media: (videoId) => {
      const seconds = Math.max(1, Math.min(matchedLength(database, videoId) ?? defaultSeconds, 3600))
      const beat = beatOf(videoId)
      const made = `${seconds} ${beat.bpm}`
      let tone = tones.get(made)
      if (tone === undefined) tones.set(made, tone = makeTone({ seconds, beat }))
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
        analysis: { ...config.analysis, windowSeconds: demoAnalysisSeconds },
        // Without the tools, the steps that need them are left out.
        policies: missing === undefined ? config.policies : Object.fromEntries(
          Object.entries(config.policies).map(([step, policy]) => [step, toolSteps.has(step) ? { ...policy, enabled: false } : policy])
        )
      }
    }
  }
}
