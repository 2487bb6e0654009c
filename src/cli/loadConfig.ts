import { Option } from "effect"
import * as Config from "../config/Config.ts"

/** The configuration for a command: `--config PATH`, else pipeline.config.ts here, plus the environment. */
export const loadConfig = (explicitPath: Option.Option<string>) =>
  Config.load({ explicitPath: Option.getOrUndefined(explicitPath), cwd: process.cwd(), env: process.env })
