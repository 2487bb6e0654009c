#!/usr/bin/env node
// crate runs from its TypeScript sources: tsx compiles them on the fly (Node 20 cannot
// strip types itself), and the same loader imports the user's pipeline.config.ts.
import { register } from "tsx/esm/api"

register()
await import("../src/cli/main.ts")
