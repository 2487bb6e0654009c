/** EBU R128 integrated loudness and true peak, as ffmpeg's ebur128 filter reports them. */
export interface Loudness {
  readonly integratedLufs: number | null
  readonly truePeakDbtp: number | null
}

const figure = (text: string | undefined): number | null => {
  if (text === undefined || /inf/i.test(text)) return null
  const value = Number(text)
  return Number.isFinite(value) ? value : null
}

/** The summary ebur128 prints when its input ends (the last one, should it print more). */
export const parseEbur128 = (stderr: string): Loudness | undefined => {
  const summary = stderr.slice(stderr.lastIndexOf("Summary:"))
  if (!stderr.includes("Summary:")) return undefined
  const integrated = /Integrated loudness:\s*\n\s*I:\s*(\S+)\s*LUFS/.exec(summary)?.[1]
  const peak = /True peak:\s*\n\s*Peak:\s*(\S+)\s*dBFS/.exec(summary)?.[1]
  // Silence measures -70 LUFS, ebur128's floor: no loudness to speak of.
  const lufs = figure(integrated)
  return { integratedLufs: lufs !== null && lufs <= -70 ? null : lufs, truePeakDbtp: figure(peak) }
}

/** Opus' reference level (RFC 7845, 5.2.1): R128 gains bring a track to −23 LUFS. */
export const referenceLufs = -23

/**
 * The Opus `R128_TRACK_GAIN` comment: the gain that brings the track to −23 LUFS, in 1/256 dB
 * (Q7.8, a signed 16-bit integer), so that players level tracks without re-encoding.
 */
export const r128TrackGain = (integratedLufs: number): string =>
  String(Math.max(-32768, Math.min(32767, Math.round((referenceLufs - integratedLufs) * 256))))
