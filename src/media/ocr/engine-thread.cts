/**
 * Runs inside each tesseract.js worker thread, before tesseract.js's own worker script.
 * The wasm engine prints diagnostics through this thread's console (emscripten's print and
 * printErr); they are noise to a seller and would corrupt `--format json` on stdout. This
 * thread's console writes nowhere, unless DEBUG=appeal asks for them. Results and errors reach
 * the main thread as messages, never through the console.
 */
import { Console } from 'node:console';
import { Writable } from 'node:stream';

if (!/(^|,)\s*appeal\b/.test(process.env.DEBUG ?? '')) {
  const nowhere = new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
  globalThis.console = new Console({ stdout: nowhere, stderr: nowhere });
}

// The worker script must load after the console above is silenced, so it is required here, in order.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('tesseract.js/src/worker-script/node/index.js');
