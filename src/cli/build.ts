import type { BuildOptions } from './main.js';
import type { Globals } from './output.js';

export async function runBuild(_dir: string, _options: BuildOptions, _globals: Globals): Promise<number> {
  process.stderr.write('appeal: `build` is not implemented yet.\n');
  return 2;
}
