#!/usr/bin/env node
// CLI entry: runs the TypeScript sources through tsx's CommonJS hook (no build step after `npm ci`).

// No heap cap and no re-exec: the input reader bounds memory by design (lines and JSON values are
// capped, documents stream element by element), so the CLI runs in this process.
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
