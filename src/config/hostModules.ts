import type { Plugin } from "esbuild"

/**
 * The modules a user's config and step files share with the running crate. Bundled with
 * their own copies, `Step.make`, Schema classes, Context tags and the runtime would be other
 * objects than crate's; so these imports are answered from this very process, whether crate
 * is a dependency of the user's project, installed globally, or run with npx. Loaded lazily:
 * a config importing only "crate" loads nothing more than crate itself.
 */
const hosted: Readonly<Record<string, () => Promise<Record<string, unknown>>>> = {
  // Dynamic imports: the package's entry points sit above this module.
  "crate": () => import("../index.ts"),
  "crate/steps": () => import("../steps.ts"),
  "effect": () => import("./hostEffect.ts"),
  "@effect/sql": () => import("./hostSql.ts")
}

const registryKey = Symbol.for("crate/hostModules")
const registry = ((globalThis as Record<symbol, unknown>)[registryKey] ??= {}) as Record<string, Record<string, unknown>>

/** "effect/Schedule" → the Schedule namespace of "effect" (every submodule is one on its package's index). */
const load = async (specifier: string): Promise<Record<string, unknown> | undefined> => {
  if (hosted[specifier]) return hosted[specifier]()
  const base = Object.keys(hosted).find((name) => name !== "crate" && specifier.startsWith(`${name}/`))
  if (base === undefined) return undefined
  const module = (await hosted[base]!())[specifier.slice(base.length + 1)]
  return typeof module === "object" && module !== null ? module as Record<string, unknown> : undefined
}

const identifier = /^[A-Za-z_$][\w$]*$/

/** An esbuild plugin that answers imports of the hosted modules with this process's own. */
export const hostModules: Plugin = {
  name: "crate-host-modules",
  setup(build) {
    build.onResolve({ filter: /^(crate|effect|@effect\/sql)(\/[\w-]+)?$/ }, (args) => ({ path: args.path, namespace: "crate-host" }))
    build.onLoad({ filter: /.*/, namespace: "crate-host" }, async (args) => {
      const module = await load(args.path)
      if (module === undefined) {
        return { errors: [{ text: `crate does not share "${args.path}" with configs (src/config/hostEffect.ts lists what it shares); import what you need from "effect" or "@effect/sql"` }] }
      }
      registry[args.path] = module
      const names = Object.keys(module).filter((name) => identifier.test(name) && name !== "default")
      // Effect has modules named Symbol, Function, …: refer to the globals through globalThis only.
      const source = `const __crateHost = globalThis[globalThis.Symbol.for("crate/hostModules")][${JSON.stringify(args.path)}];\n` +
        names.map((name) => `export const ${name} = __crateHost.${name};`).join("\n")
      return { contents: source, loader: "js" }
    })
  }
}
