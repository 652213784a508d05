/**
 * The `an1261` process: what the compiled bin (dist/cli/an1261.js, built by `npm run build`) runs.
 * No TypeScript runtime and no re-exec at start. Memory is bounded by the input reader's design
 * (lines and JSON values capped, documents streamed element by element), not by a heap cap; V8's heap
 * growth is tuned: after each full collection the heap may grow 50% over what is live instead of up
 * to 4× (its server default). The live set of a replay is bounded (one chunk, the sort buffer, the
 * unexpired state); with the default, a two-week replay whose live heap is ~50 MB kept ~210 MB of
 * garbage. Measured on the two-day sample environment: peak RSS 341 → 220 MB for ~10% more CPU.
 */
import { setFlagsFromString } from 'node:v8';
import { run } from './main';

setFlagsFromString('--heap-growing-percent=50');
// The SDK version is pinned; its advice to move to Node 22 is in the README, not on every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0); // `an1261 signals … | head` is fine
  throw e;
});
void run(process.argv).then((code) => {
  process.exitCode = code;
});
