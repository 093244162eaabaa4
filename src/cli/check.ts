import type { CheckOptions } from './main.js';
import type { Globals } from './output.js';

export async function runCheck(_path: string, _options: CheckOptions, _globals: Globals): Promise<number> {
  process.stderr.write('appeal: `check` is not implemented yet.\n');
  return 2;
}
