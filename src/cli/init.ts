import type { InitOptions } from './main.js';
import type { Globals } from './output.js';

export async function runInit(_dir: string, _options: InitOptions, _globals: Globals): Promise<number> {
  process.stderr.write('appeal: `init` is not implemented yet.\n');
  return 2;
}
