#!/usr/bin/env node
// The installed command: compiled JavaScript (dist/cli/an1261.js), no TypeScript runtime at start.
// In a checkout `npm ci` builds it (the `prepare` script); after editing the sources, `npm run build:cli`.
try {
  require.resolve('../dist/cli/an1261.js');
} catch {
  process.stderr.write('an1261: dist/cli/an1261.js is missing: run `npm run build` (npm ci runs it) in the checkout\n');
  process.exit(2);
}
require('../dist/cli/an1261.js');
