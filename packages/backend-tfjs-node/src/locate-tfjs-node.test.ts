import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateTfjsNode } from './locate-tfjs-node.js';

describe('locateTfjsNode', () => {
  const root = mkdtempSync(join(tmpdir(), 'nnlab-tfjs-node-'));
  const from = join(root, 'app.js');
  const packageDir = join(root, 'node_modules', '@tensorflow', 'tfjs-node');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('says not installed when the package does not resolve', async () => {
    expect(await locateTfjsNode(from)).toMatchObject({ found: false, reason: '@tensorflow/tfjs-node is not installed' });
  });

  it('says the addon is missing when the install script did not run', async () => {
    mkdirSync(packageDir, { recursive: true });
    writeFileSync(join(packageDir, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', main: 'dist/index.js' }));
    const where = await locateTfjsNode(from);
    expect(where.found).toBe(false);
    if (!where.found) {
      expect(where.reason).toContain('native addon (lib/napi-v*/tfjs_binding.node) is missing');
      expect(where.install).toContain('npm rebuild @tensorflow/tfjs-node');
    }
  });

  it('finds an installation with its native addon', async () => {
    mkdirSync(join(packageDir, 'lib', 'napi-v8'), { recursive: true });
    writeFileSync(join(packageDir, 'lib', 'napi-v8', 'tfjs_binding.node'), '');
    expect(await locateTfjsNode(from)).toEqual({ found: true, directory: packageDir });
  });
});
