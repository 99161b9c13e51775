import { readFileSync } from 'node:fs';
import type { SuiteExclusion } from './suite-types.js';

/**
 * Reads a backend's exclusion list: one spec per line as
 * `<the spec's full name> -- <why>` (or `<prefix>* -- <why>` for every spec
 * whose name starts with the prefix); `#` starts a comment line.
 * Every entry needs its reason; a line without one is an error naming the
 * file and line.
 */
export function readExclusions(path: string): SuiteExclusion[] {
  const exclusions: SuiteExclusion[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const at = line.lastIndexOf(' -- ');
      const pattern = at < 0 ? '' : line.slice(0, at).trim();
      const reason = at < 0 ? '' : line.slice(at + 4).trim();
      if (pattern === '' || reason === '') {
        throw new Error(`${path}:${index + 1}: expected "<spec full name> -- <reason>", got ${JSON.stringify(line)}`);
      }
      exclusions.push({ pattern, reason });
    });
  return exclusions;
}
