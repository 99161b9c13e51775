import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where downloaded datasets are kept: `$NNLAB_CACHE_DIR` if set, else
 * `$XDG_CACHE_HOME/nnlab`, else `~/.cache/nnlab`. Datasets go in a
 * sub-folder named after them (`~/.cache/nnlab/mnist/`).
 *
 * @param env environment to read (default `process.env`; tests pass their own)
 * @example
 * defaultCacheDir({ NNLAB_CACHE_DIR: '/data/cache' }); // '/data/cache'
 */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const explicit = env['NNLAB_CACHE_DIR'];
  if (explicit !== undefined && explicit !== '') return explicit;
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && xdg !== '') return join(xdg, 'nnlab');
  return join(homedir(), '.cache', 'nnlab');
}
