import { Effect, Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import * as Pipeline from "../../../src/engine/Pipeline.ts"
import * as Step from "../../../src/engine/Step.ts"

const step = (name: string, dependsOn: ReadonlyArray<string> = []) =>
  Step.make({
    name,
    description: name,
    dependsOn,
    version: 1,
    items: { name: "item", key: Schema.String, label: (item: string) => item },
    pending: () => Effect.succeed([]),
    run: () => Effect.succeed(Effect.void)
  })

describe("Pipeline.make", () => {
  it("orders a diamond so every step comes after what it depends on", () => {
    const pipeline = Pipeline.make("p", [step("d", ["b", "c"]), step("b", ["a"]), step("c", ["a"]), step("a")])
    const order = pipeline.steps.map((s) => s.name)
    expect(order[0]).toBe("a")
    expect(order[3]).toBe("d")
    expect(new Set(order)).toEqual(new Set(["a", "b", "c", "d"]))
  })

  it("refuses a cycle and names it", () => {
    expect(() => Pipeline.make("p", [step("a", ["c"]), step("b", ["a"]), step("c", ["b"])])).toThrow(
      /pipeline "p": cycle a → c → b → a/
    )
  })

  it("refuses unknown, duplicate and self dependencies", () => {
    expect(() => Pipeline.make("p", [step("a", ["nope"])])).toThrow(/step "a" depends on "nope", which is not in the pipeline; its steps are: a/)
    expect(() => Pipeline.make("p", [step("a"), step("a")])).toThrow(/two steps are named "a"/)
    expect(() => Pipeline.make("p", [step("a", ["a"])])).toThrow(/step "a" depends on itself/)
  })

  it("stepsOf refuses two different steps of one name across pipelines", () => {
    const first = Pipeline.make("one", [step("a")])
    const second = Pipeline.make("two", [step("a")])
    expect(Pipeline.stepsOf([first, first]).size).toBe(1)
    expect(() => Pipeline.stepsOf([first, second])).toThrow(/two different steps are named "a" \(one is in pipeline "two"\)/)
  })

  it("selectSteps reads --only: a step, step+ with its dependants, +step with what it needs", () => {
    const diamond = Pipeline.make("p", [step("a"), step("b", ["a"]), step("c", ["a"]), step("d", ["b", "c"])])
    expect(Pipeline.selectSteps(diamond, [])).toEqual(Either.right(["a", "b", "c", "d"]))
    expect(Pipeline.selectSteps(diamond, ["b"])).toEqual(Either.right(["b"]))
    expect(Pipeline.selectSteps(diamond, ["b+"])).toEqual(Either.right(["b", "d"]))
    expect(Pipeline.selectSteps(diamond, ["+d"])).toEqual(Either.right(["a", "b", "c", "d"]))
    expect(Pipeline.selectSteps(diamond, ["a", "+c"])).toEqual(Either.right(["a", "c"]))
    expect(Pipeline.selectSteps(diamond, ["x+"])).toEqual(Either.left(new Pipeline.UnknownStep({ pipeline: "p", step: "x", known: ["a", "b", "c", "d"] })))
  })
})
