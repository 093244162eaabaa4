// Which runs of appeal start again with glibc's mmap threshold fixed, and with what environment.
//
// `check` and `build` turn 12 MP photos into many buffers of a few megabytes each (decoded
// images, the views the text reader reads, the encodes). glibc serves a large buffer with its own
// mmap and returns it on free, but after the first such free it raises that threshold to the
// freed size, so every later buffer of a few megabytes comes from its heaps, where freed space
// stays with the process. Fixed at 128 KiB (glibc's own starting value) it stays put. Measured
// on 5 photos whose name is hard to read (tens of views each): peak memory 424 MB before, 319 MB
// after, for a few tenths of a second of system time (the kernel maps and unmaps those buffers).
// The value is read once, when the process starts, so it can only be
// given to a new process. Not on other systems (their allocators do not work this way), not for
// `--help`, and never over a value the seller set.
'use strict';

const HEAVY = new Set(['check', 'build']);
const THRESHOLD = String(128 * 1024);

/** The environment to run this command again with, or null to run it in this process. */
function relaunchEnv(argv, env, platform) {
  if (platform !== 'linux' || env.MALLOC_MMAP_THRESHOLD_ !== undefined) return null;
  const args = argv.slice(2);
  if (args.includes('-h') || args.includes('--help')) return null;
  const command = args.find((arg) => !arg.startsWith('-'));
  if (!command || !HEAVY.has(command)) return null;
  return { ...env, MALLOC_MMAP_THRESHOLD_: THRESHOLD };
}

module.exports = { relaunchEnv };
