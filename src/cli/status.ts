import type { Globals } from './output.js';

export async function runStatus(_dir: string, _globals: Globals): Promise<number> {
  process.stderr.write('appeal: `status` is not implemented yet.\n');
  return 2;
}
