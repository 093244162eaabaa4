// Runs every benchmark in this folder one after another (never in parallel: they
// measure wall time on a small machine). `npm run bench` compiles first (they import dist/).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const only = process.argv.slice(2);
const benches = ['help', 'check', 'ocr', 'ocr-check', 'collage', 'build'].filter((name) => only.length === 0 || only.includes(name));

let failed = false;
for (const name of benches) {
  const file = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  if (!existsSync(file)) continue;
  console.log(`\n== bench/${name}.js`);
  const run = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
