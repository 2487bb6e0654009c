import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  // As tsconfig.json's paths: inside the repository, "crate" is its own sources.
  resolve: { alias: [{ find: /^crate$/, replacement: source("./src/index.ts") }, { find: /^crate\/steps$/, replacement: source("./src/steps.ts") }] },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/globalSetup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // e2e tests spawn the real CLI; two cores, so keep the pool small.
    maxWorkers: 2,
    minWorkers: 1
  }
})
