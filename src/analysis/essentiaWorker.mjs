// Runs Essentia (essentia.js, AGPL-3.0, an optional dependency) off crate's main thread: its
// extractors are synchronous WebAssembly that take seconds per track. Plain JavaScript, so
// that it runs as is from the sources, the bundle and an installed package alike.
import { createRequire } from "node:module"
import { parentPort } from "node:worker_threads"

const { Essentia, EssentiaWASM } = createRequire(import.meta.url)("essentia.js")
const essentia = new Essentia(EssentiaWASM)

parentPort.on("message", ({ id, samples }) => {
  const signal = essentia.arrayToVector(samples)
  try {
    // 208 BPM at most, beats of 40 BPM and up: Essentia's defaults for music.
    const rhythm = essentia.RhythmExtractor2013(signal, 208, "multifeature", 40)
    const key = essentia.KeyExtractor(signal)
    const ticks = Array.from(essentia.vectorToArray(rhythm.ticks))
    for (const output of [rhythm.ticks, rhythm.estimates, rhythm.bpmIntervals]) output.delete?.()
    parentPort.postMessage({
      id,
      result: {
        bpm: rhythm.bpm,
        confidence: rhythm.confidence,
        ticks,
        key: key.key,
        scale: key.scale,
        strength: key.strength
      }
    })
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) })
  } finally {
    signal.delete?.()
  }
})

parentPort.postMessage({ ready: essentia.version })
