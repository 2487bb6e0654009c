import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EverydayServers, everydayWorlds, startEverydayServers } from "../support/everyday.ts"

let servers: EverydayServers
beforeAll(async () => {
  servers = await startEverydayServers()
})
afterAll(() => servers.close())
const world = everydayWorlds(() => servers)

describe("crate pipelines, plan and log (the real CLI)", () => {
  it("pipelines shows every DAG with its policies, as text, JSON and Mermaid", async () => {
    const w = await world()
    const text = await w.crate("pipelines")
    expect(text.stderr).toBe("")
    // The test config sets fast retries for the Discogs steps and covers' concurrency.
    expect(text.stdout).toMatch(/^metadata: collection → release\n {2}collection {3}list the Discogs collection · concurrency 1 · retry 2 × from 10ms, doubling · v1\n/)
    expect(text.stdout).toContain("  covers       download cover images from Discogs · concurrency 3 ·")
    expect(text.stdout).toContain("assets: covers; youtube → audio → analysis → waveform\n")
    expect(text.stdout).toMatch(/ {2}audio {8}download the audio of matched tracks as tagged \.opus · after youtube · concurrency 2 · retry 4 × from 2s, doubling · v1/)
    const json = JSON.parse((await w.crate("pipelines", "--json")).stdout) as { pipelines: Array<{ name: string; steps: Array<{ name: string; dependsOn: Array<string> }> }> }
    expect(json.pipelines.map((pipeline) => [pipeline.name, pipeline.steps.map((step) => step.name)])).toEqual([
      ["metadata", ["collection", "release"]],
      ["assets", ["covers", "youtube", "audio", "analysis", "waveform"]]
    ])
    const mermaid = (await w.crate("pipelines", "--mermaid")).stdout
    expect(mermaid.split("\n")[0]).toBe("flowchart LR")
    expect(mermaid).toContain("    assets_youtube --> assets_audio")
  })

  it("plan says per step what a run would take now and later, reading the database only", async () => {
    const w = await world()
    const plan = await w.crate("plan", "assets")
    expect(plan.stderr).toBe("")
    const lines = plan.stdout.split("\n")
    expect(lines[1]).toMatch(/^ {2}covers {7}8 releases now · about [\d.]+ s \(\d+ image requests to Discogs at 60000\/min\)$/)
    expect(lines[2]).toMatch(/^ {2}youtube {6}8 releases now · about .* \(up to 136 searches at 30\/min\)$/)
    expect(lines[3]).toMatch(/^ {2}audio {8}0 releases now, 8 more once the steps before it have done them/)
    expect(lines.at(-2)).toBe("Read from the database only: nothing was fetched or written. `crate run assets` does this work.")
    const only = (await w.crate("plan", "assets", "--only", "audio", "--max", "3")).stdout
    expect(only).toContain("audio        nothing to do · 8 waiting for youtube, which this run does not run")
    const json = JSON.parse((await w.crate("plan", "assets", "--only", "covers", "--max", "3", "--json")).stdout) as { steps: Array<{ step: string; ready: Array<string> }> }
    expect(json.steps).toEqual([expect.objectContaining({ step: "covers", ready: ["1", "2", "3"] })])
    expect(servers.images.requests).toEqual([])
  })

  it("names an unknown command, pipeline or step in one line, with what there is", async () => {
    const w = await world()
    const command = await w.crate("stauts")
    expect(command.code).toBe(2)
    expect(command.stdout).toBe("")
    expect(command.stderr).toBe(
      `crate: no command "stauts" (did you mean "status"?); the commands are: run, plan, pipelines, log, demo, match, status, query, playlist, serve, reset, doctor, migrate, sync, assets (crate --help says what each does)\n`
    )
    const typo = await w.crate("run", "metdata")
    expect(typo.code).toBe(2)
    expect(typo.stderr).toBe(`crate: no pipeline "metdata" (did you mean "metadata"?); the configured pipelines are: metadata, assets\n`)
    const step = await w.crate("run", "assets", "--only", "lyrics+")
    expect(step.code).toBe(2)
    expect(step.stderr).toBe(`crate: pipeline "assets" has no step "lyrics"; its steps are: covers, youtube, audio, analysis, waveform\n`)
    const near = await w.crate("run", "assets", "--only", "youtub")
    expect(near.code).toBe(2)
    expect(near.stderr).toBe(`crate: pipeline "assets" has no step "youtub" (did you mean "youtube"?); its steps are: covers, youtube, audio, analysis, waveform\n`)
    const reset = await w.crate("reset", "coverz")
    expect(reset.stderr).toBe(`crate: no step "coverz" (did you mean "covers"?); the steps are: collection, release, covers, youtube, audio, analysis, waveform\n`)
  })

  it("log lists the runs, newest first, with what each step did", async () => {
    const w = await world()
    await w.crate("run", "assets", "--only", "covers", "--max", "2")
    const log = await w.crate("log", "--limit", "2")
    expect(log.stdout).toMatch(/^#2 assets completed, \d+ s ago, took [\d.]+ s {2}\(crate run assets --only covers --max 2\)\n {4}covers 2 done, 6 left\n#1 metadata completed/)
    const json = (await w.crate("log", "--json")).stdout.trim().split("\n").map((line) => JSON.parse(line) as { runId: number; steps: Array<{ step: string; done: number }> })
    expect(json.map((run) => run.runId)).toEqual([2, 1])
    expect(json[0]!.steps).toEqual([{ step: "covers", done: 2, failed: 0, skipped: 0, remaining: 6 }])
  })
})
