// Times `appeal --help` (the CLI must feel instant: target under 150 ms).
// Side by side with a bare `node -e ""` start so the ratio shows what is ours.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/appeal.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 15);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(args) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  }
  return median(samples);
}

export function benchHelp() {
  const bare = time(['-e', '']);
  const help = time([bin, '--help']);
  const target = 150;
  return [
    { name: 'node start (bare)', ms: bare },
    { name: 'appeal --help', ms: help, target, ratio: help / target, ok: help < target },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of benchHelp()) {
    const extra = row.target ? `  target ${row.target} ms  ratio ${row.ratio.toFixed(2)}  ${row.ok ? 'OK' : 'OVER'}` : '';
    console.log(`${row.name.padEnd(22)} ${row.ms.toFixed(1).padStart(7)} ms${extra}`);
  }
}
