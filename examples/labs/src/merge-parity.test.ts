import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeParityRuns } from './merge-parity.js';

const rows = (value: number) => [[{ variant: 'v', metric: 'test accuracy %', value, seconds: 1 }]];

describe('mergeParityRuns', () => {
  let root = '';
  const write = async (name: string, body: unknown): Promise<string> => {
    const dir = join(root, name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'parity.json'), typeof body === 'string' ? body : JSON.stringify(body));
    return dir;
  };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nnlab-merge-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('concatenates the seeds in the order given, and keeps seed numbers only when every run has them', async () => {
    const a = await write('a', { lab: 'x', backend: 'native', quick: false, seedNumbers: [0], nnlab: rows(1), torch: rows(2) });
    const b = await write('b', { lab: 'x', backend: 'native', quick: false, seedNumbers: [2], nnlab: rows(3), torch: rows(4) });
    const old = await write('old', { lab: 'x', backend: 'native', quick: false, nnlab: rows(5), torch: rows(6) });
    expect(await mergeParityRuns('x', [a, b])).toMatchObject({ seedNumbers: [0, 2], nnlab: [rows(1)[0], rows(3)[0]], torch: [rows(2)[0], rows(4)[0]] });
    const unknown = await mergeParityRuns('x', [a, old]);
    expect(unknown.seedNumbers).toBeUndefined();
    expect(unknown.nnlab).toHaveLength(2);
  });

  it('refuses files that are not parity results and runs that do not belong together, naming them', async () => {
    const notJson = await write('not-json', '{"lab":');
    await expect(mergeParityRuns('x', [notJson])).rejects.toThrow(/not-json\/parity\.json: is not JSON/);
    const shape = await write('shape', { lab: 'x', backend: 'native', nnlab: rows(1), torch: [] });
    await expect(mergeParityRuns('x', [shape])).rejects.toThrow(/shape\/parity\.json: is not the parity\.json of pnpm lab --parity/);
    const a = await write('a2', { lab: 'x', backend: 'native', quick: false, nnlab: rows(1), torch: rows(2) });
    const wasm = await write('wasm', { lab: 'x', backend: 'wasm', quick: false, nnlab: rows(1), torch: rows(2) });
    await expect(mergeParityRuns('x', [a, wasm])).rejects.toThrow(/--merge .*wasm: ran on wasm, but .*a2 on native; merge runs of one kind/);
    await expect(mergeParityRuns('x', [])).rejects.toThrow(/--merge needs at least one directory/);
  });
});
