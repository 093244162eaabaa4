#!/usr/bin/env node
// Tiny launcher: the compiled program lives in dist/ (built by `npm install` via "prepare").
// CommonJS (bin/package.json) on purpose: this line runs before Node's ESM loader first uses
// libuv's thread pool, so the pool size below still applies. Every pool thread that runs a
// sharp encode keeps its own glibc heap of ~25-60 MB after the work is done; the default 4
// threads held a build's peak memory over 400 MB, 2 (one per core here) keep it well under
// at the same speed. A seller's own setting wins.
process.env.UV_THREADPOOL_SIZE ??= '2';

// A reader that stops early (`appeal --help | head`) closes the pipe: stop quietly, as other
// command-line tools do, instead of printing Node's EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

import('../dist/cli/main.js').then(({ main }) =>
  main(process.argv).then((code) => {
    process.exitCode = code;
  }),
);
