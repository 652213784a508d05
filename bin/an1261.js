#!/usr/bin/env node
// CLI entry: runs the TypeScript sources through tsx's CommonJS hook (no build step after `npm ci`).

// `replay` streams any amount of input with bounded state; a capped heap keeps its memory flat
// (V8 otherwise sizes the heap from the machine's RAM and lets garbage pile up). Re-exec once with
// the cap unless the user chose one (NODE_OPTIONS or node flags).
const HEAP_MB = 192;
const heapChosen = process.execArgv.some((a) => a.startsWith('--max-old-space-size')) || (process.env.NODE_OPTIONS ?? '').includes('--max-old-space-size');
if (!heapChosen && !process.env.AN1261_HEAP_CAPPED) {
  const { spawnSync } = require('node:child_process');
  const child = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, ...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, AN1261_HEAP_CAPPED: '1' },
  });
  process.exit(child.status ?? (child.signal ? 128 + (require('node:os').constants.signals[child.signal] ?? 0) : 1));
}

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
