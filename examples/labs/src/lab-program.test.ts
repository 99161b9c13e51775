import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from './lab.js';
import { labMain } from './lab-program.js';
import type { runTwin } from './run-twin.js';

function capture(): { stdout: { write(t: string): boolean }; stderr: { write(t: string): boolean }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => ((out += t), true) },
    stderr: { write: (t: string) => ((err += t), true) },
    out: () => out,
    err: () => err,
  };
}

const fake: Lab = {
  name: 'fake-lab',
  title: 'a lab for testing the runner',
  async run(options) {
    options.log(`running with ${options.backend} seed ${options.seed}`);
    return { rows: [{ variant: 'only', metric: 'test accuracy %', value: 50 + options.seed, seconds: 0.1 }], files: [join(options.outDir, 'x.svg')], notes: ['fake data'] };
  },
};

describe('labMain', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nnlab-lab-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('lists the labs without a name', async () => {
    const io = capture();
    expect(await labMain([], io, { labs: [fake] })).toBe(0);
    expect(io.out()).toContain('fake-lab  a lab for testing the runner');
  });

  it('runs a lab and prints its rows, notes and files', async () => {
    const io = capture();
    expect(await labMain(['fake-lab', '--backend', 'cpu', '--seed', '4', '--out', dir], io, { labs: [fake] })).toBe(0);
    expect(io.err()).toContain('running with cpu seed 4');
    expect(io.out()).toContain('| only | test accuracy % | 54.00 | 0.1 |');
    expect(io.out()).toContain('note: fake data');
    expect(io.out()).toContain(`wrote ${join(dir, 'x.svg')}`);
  });

  it('rejects an unknown lab with exit 2 and the list of labs', async () => {
    const io = capture();
    expect(await labMain(['nope'], io, { labs: [fake] })).toBe(2);
    expect(io.err()).toBe('lab: error: unknown lab "nope"; labs: fake-lab\n');
    expect(await labMain(['fake-lab', '--seed', '-1'], capture(), { labs: [fake] })).toBe(2);
  });

  it('fails parity with one clear line when the twin cannot run', async () => {
    const io = capture();
    expect(await labMain(['fake-lab', '--parity', '--out', dir], io, { labs: [fake], exportData: async () => {} })).toBe(1);
    expect(io.err()).toMatch(/^(\[parity\].*\n)*lab: error: lab "fake-lab" has no PyTorch twin/m);
  }, 60_000);

  it('writes the parity table as markdown and JSON', async () => {
    const io = capture();
    const seen: string[] = [];
    const twin: typeof runTwin = async (name, options) => {
      seen.push(`${name} ${options.seed} ${options.quick}`);
      return [{ variant: 'only', metric: 'test accuracy %', value: 50.5 + options.seed, seconds: 0.2 }];
    };
    expect(await labMain(['fake-lab', '--parity', '--seeds', '2', '--quick', '--out', dir], io, { labs: [fake], runTwin: twin, exportData: async () => {} })).toBe(0);
    expect(seen).toEqual(['fake-lab 0 true', 'fake-lab 1 true']);
    expect(io.out()).toContain('| only | test accuracy % | 50.50 ± 0.71 | 51.00 ± 0.71 | -0.50 |');
    const json = JSON.parse(await readFile(join(dir, 'parity.json'), 'utf8')) as { rows: Array<{ verdict: string }>; nnlab: unknown[] };
    expect(json.rows.map((r) => r.verdict)).toEqual(['within 1 pp']);
    expect(json.nnlab).toHaveLength(2);
    expect(await readFile(join(dir, 'parity.md'), 'utf8')).toContain('2 seeds each (seeds 0, 1), --quick');
  }, 60_000);

  it('passes --twin-threads to the twin and keeps the finished seeds when a later one fails', async () => {
    const io = capture();
    const threads: Array<number | undefined> = [];
    const twin: typeof runTwin = async (_name, options) => {
      threads.push(options.threads);
      if (options.seed === 1) throw new Error('twin killed');
      return [{ variant: 'only', metric: 'test accuracy %', value: 50, seconds: 0.2 }];
    };
    const out = join(dir, 'partial');
    expect(await labMain(['fake-lab', '--parity', '--seeds', '3', '--twin-threads', '2', '--out', out], io, { labs: [fake], runTwin: twin, exportData: async () => {} })).toBe(1);
    expect(threads).toEqual([2, 2]);
    const json = JSON.parse(await readFile(join(out, 'parity.json'), 'utf8')) as { seeds: number; nnlab: unknown[]; torch: unknown[] };
    expect(json).toMatchObject({ seeds: 1, nnlab: [[{ value: 50 }]], torch: [[{ value: 50 }]] });
    expect(await readFile(join(out, 'parity.md'), 'utf8')).toContain('1 of 3 seeds each so far');
    expect(await labMain(['fake-lab', '--parity', '--twin-threads', '0', '--out', out], capture(), { labs: [fake] })).toBe(2);
  }, 60_000);

  it('--epochs reaches both sides of labs that take it and is refused by the others', async () => {
    const seen: Array<number | undefined> = [];
    const longer: Lab = { ...fake, name: 'epoch-lab', takesEpochs: true, run: async (options) => (seen.push(options.epochs), fake.run(options)) };
    const twin: typeof runTwin = async (_name, options) => (seen.push(options.epochs), [{ variant: 'only', metric: 'test accuracy %', value: 50, seconds: 0.2 }]);
    expect(await labMain(['epoch-lab', '--parity', '--seeds', '1', '--epochs', '8', '--out', dir], capture(), { labs: [longer, fake], runTwin: twin, exportData: async () => {} })).toBe(0);
    expect(seen).toEqual([8, 8]);
    const refused = capture();
    expect(await labMain(['fake-lab', '--epochs', '8', '--out', dir], refused, { labs: [longer, fake] })).toBe(2);
    expect(refused.err()).toBe('lab: error: --epochs: lab "fake-lab" has its own schedule; --epochs works with epoch-lab\n');
  });

  it('--deterministic reaches the lab, and only when given', async () => {
    const seen: Array<boolean | undefined> = [];
    const watched: Lab = { ...fake, run: async (options) => (seen.push(options.deterministic), fake.run(options)) };
    expect(await labMain(['fake-lab', '--deterministic', '--out', dir], capture(), { labs: [watched] })).toBe(0);
    expect(await labMain(['fake-lab', '--out', dir], capture(), { labs: [watched] })).toBe(0);
    expect(seen).toEqual([true, undefined]);
  });

  it('--seed starts the parity seeds, and --merge puts runs of separate seeds into one table', async () => {
    const twin: typeof runTwin = async (_name, options) => [{ variant: 'only', metric: 'test accuracy %', value: 50.5 + options.seed, seconds: 0.2 }];
    const run = (args: string[]) => labMain(['fake-lab', '--parity', ...args], capture(), { labs: [fake], runTwin: twin, exportData: async () => {} });
    const a = join(dir, 'merge-a');
    const b = join(dir, 'merge-b');
    expect(await run(['--seeds', '1', '--out', a])).toBe(0);
    expect(await run(['--seed', '1', '--seeds', '1', '--out', b])).toBe(0);
    expect(JSON.parse(await readFile(join(b, 'parity.json'), 'utf8'))).toMatchObject({ seedNumbers: [1], nnlab: [[{ value: 51 }]], torch: [[{ value: 51.5 }]] });

    const io = capture();
    const merged = join(dir, 'merged');
    expect(await labMain(['fake-lab', '--parity', '--merge', a, '--merge', b, '--out', merged], io, { labs: [fake] })).toBe(0);
    expect(io.out()).toContain('2 seeds each (seeds 0, 1)');
    // Seeds 0 and 1 on both sides: the same table as one --seeds 2 run.
    expect(io.out()).toContain('| only | test accuracy % | 50.50 ± 0.71 | 51.00 ± 0.71 | -0.50 |');
    expect(JSON.parse(await readFile(join(merged, 'parity.json'), 'utf8'))).toMatchObject({ seeds: 2, seedNumbers: [0, 1] });
    expect(io.out()).not.toContain('miss the parity bar');

    // A merged table says when rows miss the bar, as --parity does.
    const far = join(dir, 'merge-far');
    const farTwin: typeof runTwin = async () => [{ variant: 'only', metric: 'test accuracy %', value: 70, seconds: 0.2 }];
    expect(await labMain(['fake-lab', '--parity', '--seed', '2', '--seeds', '1', '--out', far], capture(), { labs: [fake], runTwin: farTwin, exportData: async () => {} })).toBe(0);
    const missed = capture();
    expect(await labMain(['fake-lab', '--parity', '--merge', far, '--out', merged], missed, { labs: [fake] })).toBe(0);
    expect(missed.out()).toContain('1 of 1 rows miss the parity bar\n');

    const twice = capture();
    expect(await labMain(['fake-lab', '--parity', '--merge', a, '--merge', a, '--out', merged], twice, { labs: [fake] })).toBe(1);
    expect(twice.err()).toBe(`lab: error: --merge ${a}: seed 0 is already in another directory; each seed may be merged once\n`);
    const other = capture();
    expect(await labMain(['other-lab', '--parity', '--merge', a, '--out', merged], other, { labs: [fake, { ...fake, name: 'other-lab' }] })).toBe(1);
    expect(other.err()).toBe(`lab: error: --merge ${a}: holds parity results of lab "fake-lab", not "other-lab"\n`);
    const missing = capture();
    expect(await labMain(['fake-lab', '--parity', '--merge', join(dir, 'nope'), '--out', merged], missing, { labs: [fake] })).toBe(1);
    expect(missing.err()).toMatch(/^lab: error: cannot read .*nope\/parity\.json \(ENOENT\); --merge takes the --out directories/);
    expect(await labMain(['fake-lab', '--merge', a], capture(), { labs: [fake] })).toBe(2);
  });

  it('--only runs the chosen variants on both sides and rejects prefixes that pick nothing', async () => {
    const ran: string[][] = [];
    const twinOnly: string[][] = [];
    const variants = ['cnn, lr 0.01', 'cnn2, lr 0.01', 'sweep cnn, lr 0.1'];
    const selectable: Lab = {
      name: 'variant-lab',
      title: 'a lab with named variants',
      variantNames: () => variants,
      async run(options) {
        ran.push([...(options.only ?? [])]);
        const rows = variants.filter((v) => options.only?.some((p) => v.startsWith(p)) ?? true);
        return { rows: rows.map((variant) => ({ variant, metric: 'test accuracy %', value: 80, seconds: 1 })), files: [], notes: [] };
      },
    };
    const twin: typeof runTwin = async (_name, options) => {
      twinOnly.push([...(options.only ?? [])]);
      return [{ variant: 'cnn2, lr 0.01', metric: 'test accuracy %', value: 80.2, seconds: 1 }];
    };
    const labs = [selectable, fake];
    const io = capture();
    expect(await labMain(['variant-lab', '--parity', '--seeds', '1', '--only', 'cnn2', '--only', 'sweep', '--out', dir], io, { labs, runTwin: twin, exportData: async () => {} })).toBe(0);
    expect(ran).toEqual([['cnn2', 'sweep']]);
    expect(twinOnly).toEqual([['cnn2', 'sweep']]);
    expect(io.out()).toContain('| cnn2, lr 0.01 | test accuracy % |');

    const bad = capture();
    expect(await labMain(['variant-lab', '--only', 'cnn4', '--out', dir], bad, { labs })).toBe(2);
    expect(bad.err()).toBe('lab: error: --only "cnn4" matches no variant of variant-lab; variants: "cnn, lr 0.01", "cnn2, lr 0.01", "sweep cnn, lr 0.1"\n');
    const whole = capture();
    expect(await labMain(['fake-lab', '--only', 'x', '--out', dir], whole, { labs })).toBe(2);
    expect(whole.err()).toBe('lab: error: --only: lab "fake-lab" runs as a whole; --only works with variant-lab\n');
    expect(ran).toHaveLength(1);
  }, 60_000);
});
