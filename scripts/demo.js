#!/usr/bin/env node
// `npm run demo`: makes the demo appeal in fixtures/demo (first run only), then walks
// through what a seller does: status, check, build, and the preflight of the built email.
// `check` is expected to report problems that `build` fixes (the clip is too big to
// email), so its exit code does not stop the demo; the build and the preflight must pass.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;

function step(title, args, { mustPass }) {
  console.log(`\n\u2500\u2500 ${title}\n$ ${args.join(' ')}`);
  const [cmd, ...rest] = args;
  const run = spawnSync(cmd === 'appeal' ? node : cmd, cmd === 'appeal' ? ['bin/appeal.js', ...rest] : rest, {
    cwd: root,
    stdio: 'inherit',
  });
  const code = run.status ?? 2;
  if (mustPass && code !== 0) {
    console.error(`\ndemo: "${args.join(' ')}" exited ${code}.`);
    process.exit(code);
  }
  return code;
}

step('Make the demo appeal (photos and a 75 s clip, first run only)', [node, 'scripts/make-demo.js'], { mustPass: true });
step('What is still missing, and how long is left', ['appeal', 'status', 'fixtures/demo'], { mustPass: false });
const checked = step('Check the photos, the video and the answers', ['appeal', 'check', 'fixtures/demo'], { mustPass: false });
if (checked === 1) console.log('\n(check found problems; those marked fixable are what `appeal build` repairs next.)');
step('Build the Word document and the email', ['appeal', 'build', 'fixtures/demo'], { mustPass: true });
step('Preflight: check the email exactly as it will be sent', ['appeal', 'check', 'fixtures/demo/out/appeal.eml'], {
  mustPass: true,
});
console.log('\nDone. Open fixtures/demo/out/appeal.docx and fixtures/demo/out/appeal.eml.');
