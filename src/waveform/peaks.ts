/** audiowaveform's JSON (version 2), which waveform-data.js and peaks.js read. */
export interface WaveformData {
  readonly version: 2
  readonly channels: 1
  readonly sample_rate: number
  readonly samples_per_pixel: number
  readonly bits: 8
  readonly length: number
  /** min, max of each pixel in turn, −128 to 127. */
  readonly data: ReadonlyArray<number>
}

/**
 * Min and max of every `samplesPerPixel` samples of signed 16-bit mono PCM, fed in chunks as
 * ffmpeg decodes, kept at 8 bits as `audiowaveform -b 8` does: memory grows with the pixels,
 * never with the audio.
 */
export const peakBuilder = (sampleRate: number, samplesPerPixel: number) => {
  const data: Array<number> = []
  let min = 0
  let max = 0
  let count = 0
  let carry: Buffer = Buffer.alloc(0)
  const flush = () => {
    data.push(min >> 8, max >> 8)
    min = 0
    max = 0
    count = 0
  }
  return {
    add(chunk: Buffer) {
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk
      const whole = bytes.length - (bytes.length % 2)
      for (let offset = 0; offset < whole; offset += 2) {
        const sample = bytes.readInt16LE(offset)
        if (count === 0) min = max = sample
        else if (sample < min) min = sample
        else if (sample > max) max = sample
        if (++count === samplesPerPixel) flush()
      }
      carry = Buffer.from(bytes.subarray(whole))
    },
    finish(): WaveformData {
      if (count > 0) flush()
      return { version: 2, channels: 1, sample_rate: sampleRate, samples_per_pixel: samplesPerPixel, bits: 8, length: data.length / 2, data }
    }
  }
}
