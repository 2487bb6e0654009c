import { Effect } from "effect"
import { DecodeFailed } from "../analysis/decode.ts"
import { streamOutput } from "../tools/ffmpeg.ts"
import { peakBuilder, type WaveformData } from "./peaks.ts"

export const waveformRate = 44_100
/** 20 pixels a second: a 5-minute track is 6,000 pixels, about 25 kB of JSON. */
export const samplesPerPixel = 2_205
/** The picture: wide and short, a waveform's usual shape. */
export const pictureSize = "1200x160"

/**
 * One decode of the file gives both: ffmpeg writes the picture (its showwavespic filter) to
 * `png` and streams the samples the peaks are taken from.
 */
export const renderWaveform = (ffmpeg: string, file: string, png: string) =>
  Effect.suspend(() => {
    const peaks = peakBuilder(waveformRate, samplesPerPixel)
    return streamOutput(ffmpeg, [
      "-nostdin", "-hide_banner", "-nostats", "-loglevel", "error", "-y",
      "-i", `file:${file}`,
      "-filter_complex",
      `[0:a]aformat=sample_fmts=s16:channel_layouts=mono:sample_rates=${waveformRate},asplit=2[pcm][wave];` +
      `[wave]showwavespic=s=${pictureSize}:colors=0x3b6ea5[picture]`,
      "-map", "[pcm]", "-f", "s16le", "pipe:1",
      "-map", "[picture]", "-frames:v", "1", "-c:v", "png", "-f", "image2", `file:${png}`
    ], (chunk) => peaks.add(chunk)).pipe(
      Effect.mapError((error) => new DecodeFailed({ message: error.message })),
      Effect.flatMap(({ code, stderr }): Effect.Effect<WaveformData, DecodeFailed> =>
        code === 0
          ? Effect.succeed(peaks.finish())
          : Effect.fail(new DecodeFailed({ message: `ffmpeg cannot draw the waveform of ${file}: ${stderr.trim().split("\n").at(-1) ?? `exit status ${code}`}` })))
    )
  })
