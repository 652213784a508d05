// Preloaded into a child `node` (--require) when /usr/bin/time is not available: reports the
// process's peak resident set size on exit, in kB, on stderr, for the replay-scale figure.
process.on('exit', () => {
  process.stderr.write(`\nmax-rss-kb: ${process.resourceUsage().maxRSS}\n`);
});
