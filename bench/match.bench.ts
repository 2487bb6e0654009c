// `npm run bench` runs this with the other benchmarks; `npm run bench:match` runs it alone.
import { main } from "./match.ts"

main([])
