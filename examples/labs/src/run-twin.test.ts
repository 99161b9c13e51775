import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_TORCH_MESSAGE, runTwin } from './run-twin.js';

// The twins are Python; these tests stand node in for the interpreter so they never need PyTorch.
describe('runTwin', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nnlab-twin-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const twin = async (name: string, body: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, body);
    return path;
  };

  it('passes seed and --quick and reads the last stdout line', async () => {
    const script = await twin('ok.mjs', `
      const seed = Number(process.argv[process.argv.indexOf('--seed') + 1]);
      console.error('progress');
      console.log('noise');
      console.log(JSON.stringify({ rows: [{ variant: 'v', metric: 'm', value: seed + (process.argv.includes('--quick') ? 0.5 : 0), seconds: 1 }] }));`);
    const lines: string[] = [];
    const rows = await runTwin('x', { seed: 2, quick: true, python: process.execPath, script, log: (l) => lines.push(l) });
    expect(rows).toEqual([{ variant: 'v', metric: 'm', value: 2.5, seconds: 1 }]);
    expect(lines).toContain('progress');
  });

  it('passes --threads only when asked', async () => {
    const script = await twin('threads.mjs', `
      const at = process.argv.indexOf('--threads');
      console.log(JSON.stringify({ rows: [{ variant: 'v', metric: 'm', value: at < 0 ? 0 : Number(process.argv[at + 1]), seconds: 1 }] }));`);
    expect((await runTwin('x', { seed: 0, quick: false, python: process.execPath, script, threads: 2 }))[0]?.value).toBe(2);
    expect((await runTwin('x', { seed: 0, quick: false, python: process.execPath, script }))[0]?.value).toBe(0);
  });

  it('says how to get PyTorch when the interpreter or torch is missing', async () => {
    const script = await twin('no-torch.mjs', 'process.exit(3);');
    await expect(runTwin('x', { seed: 0, quick: false, python: process.execPath, script })).rejects.toThrow(NO_TORCH_MESSAGE);
    await expect(runTwin('x', { seed: 0, quick: false, python: join(dir, 'no-such-python'), script })).rejects.toThrow("PyTorch not available");
  });

  it('reports a failing twin with its stderr, and malformed output', async () => {
    const failing = await twin('fail.mjs', "console.error('Traceback: boom'); process.exit(1);");
    await expect(runTwin('x', { seed: 0, quick: false, python: process.execPath, script: failing })).rejects.toThrow(/exited with 1: Traceback: boom/);
    const bad = await twin('bad.mjs', "console.log('{\"rows\": [{\"variant\": 1}]}');");
    await expect(runTwin('x', { seed: 0, quick: false, python: process.execPath, script: bad })).rejects.toThrow(/last stdout line must be/);
    await expect(runTwin('no-such-lab', { seed: 0, quick: false })).rejects.toThrow(/has no PyTorch twin/);
  });
});
