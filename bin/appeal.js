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

const steady = require('./steady-memory.js').relaunchEnv(process.argv, process.env, process.platform);
if (steady) {
  // The same command in a new process, whose memory stays steady (see steady-memory.js). This
  // one only waits and passes on its exit. Ctrl-C reaches both processes; a signal sent to this
  // one alone (a script's kill) is passed on. check and build ignore a repeated signal while
  // they clean up.
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: steady });
  const forward = (signal) => child.kill(signal);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  child.on('error', (error) => {
    process.stderr.write(`appeal: could not start Node.js again (${error.message}); run it with MALLOC_MMAP_THRESHOLD_=131072 set to skip this step.\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    for (const name of signals) process.off(name, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
} else {
  import('../dist/cli/main.js').then(({ main }) =>
    main(process.argv).then((code) => {
      process.exitCode = code;
    }),
  );
}
