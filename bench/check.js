// Times `appeal check <dir> --no-ocr --format json` on 5 phone photos (12 MP) + a 75 s
// 1080p clip: target under 1 s. Spawned like a seller runs it (cold start included),
// 3 runs, median. Also `appeal --help` against its 150 ms target, for the side-by-side table.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ensureBenchMedia, median } from './lib/media.js';

const bin = fileURLToPath(new URL('../bin/appeal.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 3);

function time(args, okCodes = [0]) {
  const samples = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    last = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (!okCodes.includes(last.status ?? -1)) {
      throw new Error(`appeal ${args.join(' ')} exited ${last.status}: ${last.stderr}`);
    }
  }
  return { ms: median(samples), samples, last };
}

const media = await ensureBenchMedia();
const totalBytes = [...media.photos, media.clip].reduce((sum, f) => sum + statSync(f).size, 0);

// Exit 1 (problems found) is a valid outcome of a check; only 2 means it failed to run.
const check = time(['check', media.dir, '--no-ocr', '--format', 'json'], [0, 1]);
const report = JSON.parse(check.last.stdout);
const help = time(['--help']);

// The same check in-process: its CPU time hardly depends on what else the machine is doing,
// so it tells whether a slow wall time is ours or the neighbours'.
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
const { runChecks } = await import('../dist/check/run.js');
await runChecks(media.dir, { ocr: false });
const inProcessWall = performance.now() - wallBefore;
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;

const rows = [
  { name: 'appeal --help', ms: help.ms, target: 150 },
  { name: 'check --no-ocr (5 photos + clip)', ms: check.ms, target: 1000 },
];
console.log(`media: ${report.files.length} files, ${(totalBytes / 1e6).toFixed(1)} MB; check found ${report.errorCount} errors, ${report.warningCount} warnings`);
console.log(`${'what'.padEnd(34)} ${'median'.padStart(9)} ${'target'.padStart(9)} ${'ratio'.padStart(6)}`);
for (const row of rows) {
  const ratio = row.ms / row.target;
  console.log(
    `${row.name.padEnd(34)} ${`${row.ms.toFixed(0)} ms`.padStart(9)} ${`${row.target} ms`.padStart(9)} ${ratio.toFixed(2).padStart(6)}  ${ratio <= 1 ? 'OK' : 'OVER'}`,
  );
}
console.log(`check runs (ms): ${check.samples.map((s) => s.toFixed(0)).join(', ')}`);
console.log(`check in-process (warm node, imports included): ${inProcessWall.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (all threads)`);
// Wall times on a shared machine mean little without its load: print it beside them.
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
