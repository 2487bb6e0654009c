import type { UserConfig } from "./schema.ts"

/** Types a `pipeline.config.ts`; a plain default-exported object is equally valid. */
export const defineConfig = (config: UserConfig): UserConfig => config

export type { UserConfig }
