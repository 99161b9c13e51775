import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from '@nnlab/core';

/**
 * The nnlab checkout this file lives in (the directory holding
 * `pnpm-workspace.yaml`), found by walking up from here, so the runner finds
 * `tools/labs/` and `.cache/labs/` from `src/` (tests) and `dist/` alike.
 *
 * @example
 * join(repositoryRoot(), 'tools', 'labs', 'mlp-sweeps.py');
 */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new NotFoundError(`no pnpm-workspace.yaml above ${fileURLToPath(import.meta.url)}: labs run from an nnlab checkout`);
    dir = parent;
  }
}
