// Everything that needs youtubei.js, behind one dynamic import (see YouTubeSearch.ts).
export { createInnertube } from "./innertube.ts"
export { musicCandidates, webCandidates } from "./results.ts"
