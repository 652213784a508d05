#!/usr/bin/env node
// CLI entry: runs the TypeScript sources through tsx's CommonJS hook (no build step after `npm ci`).

// No heap cap and no re-exec: the input reader bounds memory by design (lines and JSON values are
// capped, documents stream element by element), so the CLI runs in this process. What V8 does is
// tuned, not capped: after each full collection it lets the heap grow 50% over what is live instead
// of up to 4× (its default favours throughput on servers). The live set of a replay is bounded
// (one chunk, the sort buffer, the unexpired state); with the default, a two-week replay whose live
// heap is ~50 MB kept ~210 MB of garbage. Measured on the two-day sample environment: peak RSS
// 341 MB → 220 MB for ~10% more CPU. A larger live set still grows the heap as it needs: nothing is capped.
require('node:v8').setFlagsFromString('--heap-growing-percent=50');
require('tsx/cjs');
// The SDK version is pinned; its advice to move to Node 22 is in the README, not on every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0); // `an1261 signals … | head` is fine
  throw e;
});
require('../lambdas/cli/main.ts')
  .run(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
