import { defineConfig } from "vitest/config"

export default defineConfig({
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
