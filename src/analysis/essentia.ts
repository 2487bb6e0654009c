import { Data, Duration, Effect, Pool, Scope } from "effect"
import { createRequire } from "node:module"
import { availableParallelism } from "node:os"
import { join } from "node:path"
import { Worker } from "node:worker_threads"
import { packageRoot } from "../packageRoot.ts"

/** What Essentia says of a window of audio: its tempo tracker's figures and the key. */
export interface EssentiaReading {
  readonly bpm: number
  /** RhythmExtractor2013's confidence: 0 to 5.32; above 3.5 is excellent, below 1.5 poor. */
  readonly confidence: number
  /** Beat positions, in seconds from the window's start. */
  readonly ticks: ReadonlyArray<number>
  /** "A", "F#", "Bb". */
  readonly key: string
  readonly scale: "major" | "minor"
  /** KeyExtractor's strength, 0 to 1. */
  readonly strength: number
}

/** Essentia failed on a track (or its worker died). */
export class EssentiaFailed extends Data.TaggedError("EssentiaFailed")<{ readonly message: string }> {}

const fromCrate = createRequire(join(packageRoot, "package.json"))

/** The installed essentia.js' version, or undefined when it is not installed (it is optional: AGPL-3.0). */
export const essentiaVersion = (): string | undefined => {
  try {
    return (fromCrate("essentia.js/package.json") as { version: string }).version
  } catch {
    return undefined
  }
}

const workerFile = join(packageRoot, "src", "analysis", "essentiaWorker.mjs")

interface Reply {
  readonly id?: number
  readonly ready?: string
  readonly result?: EssentiaReading
  readonly error?: string
}

const startWorker = Effect.acquireRelease(
  Effect.async<Worker, EssentiaFailed>((resume) => {
    const worker = new Worker(workerFile)
    const failed = (error: Error) => resume(Effect.fail(new EssentiaFailed({ message: `essentia.js cannot start: ${error.message}` })))
    worker.once("error", failed)
    worker.once("message", (reply: Reply) => {
      worker.off("error", failed)
      resume(Effect.succeed(worker))
    })
  }),
  (worker) => Effect.promise(() => worker.terminate())
)

let nextId = 0

const ask = (worker: Worker, samples: Float32Array) =>
  Effect.async<EssentiaReading, EssentiaFailed>((resume) => {
    const id = ++nextId
    const onMessage = (reply: Reply) => {
      if (reply.id !== id) return
      done()
      resume(reply.result !== undefined ? Effect.succeed(reply.result) : Effect.fail(new EssentiaFailed({ message: `essentia.js failed: ${reply.error}` })))
    }
    const onError = (error: Error) => {
      done()
      resume(Effect.fail(new EssentiaFailed({ message: `essentia.js stopped: ${error.message}` })))
    }
    const done = () => {
      worker.off("message", onMessage)
      worker.off("error", onError)
    }
    worker.on("message", onMessage)
    worker.on("error", onError)
    // The samples move to the worker rather than being copied.
    worker.postMessage({ id, samples }, [samples.buffer as ArrayBuffer])
    return Effect.sync(done)
  })

export interface Essentia {
  readonly version: string
  /** Tempo and key of mono 44.1 kHz samples, in a worker thread; the samples are handed over. */
  readonly read: (samples: Float32Array) => Effect.Effect<EssentiaReading, EssentiaFailed>
}

/**
 * Worker threads running Essentia, started on first use and stopped after a minute idle (a
 * WebAssembly heap only grows: a stopped worker gives its memory back). A worker whose
 * extraction is interrupted or fails is stopped, never reused: its call cannot be cancelled.
 */
export const makeEssentia = (version: string): Effect.Effect<Essentia, never, Scope.Scope> =>
  Effect.map(
    Pool.makeWithTTL({ acquire: startWorker, min: 0, max: availableParallelism(), timeToLive: Duration.minutes(1) }),
    (pool) => ({
      version,
      read: (samples) =>
        Effect.scoped(Effect.gen(function*() {
          const worker = yield* Pool.get(pool)
          return yield* ask(worker, samples).pipe(
            Effect.onExit((exit) => exit._tag === "Success" ? Effect.void : Pool.invalidate(pool, worker))
          )
        }))
    })
  )
