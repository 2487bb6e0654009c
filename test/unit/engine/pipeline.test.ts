import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Pipeline from "../../../src/engine/Pipeline.ts"
import * as Step from "../../../src/engine/Step.ts"

const step = (name: string, dependsOn: ReadonlyArray<string> = []) =>
  Step.make({
    name,
    description: name,
    dependsOn,
    version: 1,
    label: (item) => item,
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
    expect(() => Pipeline.make("p", [step("a", ["nope"])])).toThrow(/step "a" depends on unknown step "nope"/)
    expect(() => Pipeline.make("p", [step("a"), step("a")])).toThrow(/step "a" is defined twice/)
    expect(() => Pipeline.make("p", [step("a", ["a"])])).toThrow(/step "a" depends on itself/)
  })
})
