/** Beat positions (seconds) closer than this many cannot give a tempo more precise than the tracker's own. */
const fewestTicks = 8

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/**
 * The tempo the beat positions keep, from a least-squares line through them (beat number
 * against time). Essentia's own figure comes from its onset frames, ~12 ms apart, which at
 * 174 BPM rounds to 172.3; the line through a minute of beats does not round. A missed beat
 * counts as two by the median spacing, so it does not shift the line. `tracker` is the
 * tracker's figure, kept when there are too few beats.
 */
export const tempoFromBeats = (ticks: ReadonlyArray<number>, tracker: number): number => {
  if (ticks.length < fewestTicks) return tracker
  const intervals = ticks.slice(1).map((tick, i) => tick - ticks[i]!)
  const spacing = median(intervals)
  if (!(spacing > 0)) return tracker
  // Numbered interval by interval: the median spacing is itself rounded to frames, so dividing whole spans by it would drift.
  const beats = [0]
  for (const interval of intervals) beats.push(beats.at(-1)! + Math.max(1, Math.round(interval / spacing)))
  const n = ticks.length
  const meanBeat = beats.reduce((sum, beat) => sum + beat, 0) / n
  const meanTime = ticks.reduce((sum, tick) => sum + tick, 0) / n
  let covariance = 0
  let variance = 0
  for (let i = 0; i < n; i++) {
    covariance += (beats[i]! - meanBeat) * (ticks[i]! - meanTime)
    variance += (beats[i]! - meanBeat) ** 2
  }
  const secondsPerBeat = covariance / variance
  const bpm = 60 / secondsPerBeat
  // A line that disagrees with the tracker by more than a few percent fitted noise: keep the tracker's.
  return Number.isFinite(bpm) && Math.abs(bpm - tracker) / tracker < 0.05 ? bpm : tracker
}

/**
 * The other reading of a tempo a listener may count: double below 100 BPM, half from it.
 * Beat trackers often land on half or double the tempo a DJ would say.
 */
export const halfOrDouble = (bpm: number): number => (bpm < 100 ? bpm * 2 : bpm / 2)

export const roundTempo = (bpm: number): number => Math.round(bpm * 100) / 100
