import { Option } from "effect"
import { builtinPipelines } from "../../pipelines/index.ts"
import * as Config from "../config/Config.ts"

/** The configuration for a command: `--config PATH`, else pipeline.config.ts here, plus the environment; the built-in pipelines unless it declares its own. */
export const loadConfig = (explicitPath: Option.Option<string>) =>
  Config.load({ explicitPath: Option.getOrUndefined(explicitPath), cwd: process.cwd(), env: process.env, builtins: builtinPipelines })
