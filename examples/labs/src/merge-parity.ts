import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFormatError, InvalidArgumentError, NotFoundError } from '@nnlab/core';
import type { LabRow } from './lab.js';

/** What `--parity` writes to `parity.json` (without the computed rows). */
export interface ParityRuns {
  readonly lab: string;
  readonly backend: string;
  readonly quick: boolean;
  /** The seeds, in run order; absent in files written before they were recorded. */
  readonly seedNumbers?: readonly number[];
  /** Per seed, nnlab's rows and the twin's. */
  readonly nnlab: readonly LabRow[][];
  readonly torch: readonly LabRow[][];
}

/**
 * Reads the `parity.json` of each directory and puts their seeds together,
 * for `pnpm lab <name> --parity --merge DIR ...`: seeds run as separate
 * processes (at once, or in separate sessions) become one table. The runs
 * must be of `lab`, on one backend, all `--quick` or none, with no seed twice.
 *
 * @throws NotFoundError for a missing file; DataFormatError for one that is not parity results; InvalidArgumentError for runs that do not belong together.
 */
export async function mergeParityRuns(lab: string, dirs: readonly string[]): Promise<ParityRuns> {
  const runs: ParityRuns[] = [];
  for (const dir of dirs) runs.push(await readParityRuns(join(dir, 'parity.json')));
  const first = runs[0];
  if (first === undefined) throw new InvalidArgumentError('--merge needs at least one directory');
  const seen = new Set<number>();
  runs.forEach((run, i) => {
    const where = `--merge ${dirs[i]}`;
    if (run.lab !== lab) throw new InvalidArgumentError(`${where}: holds parity results of lab "${run.lab}", not "${lab}"`);
    if (run.backend !== first.backend || run.quick !== first.quick) {
      throw new InvalidArgumentError(`${where}: ran on ${run.backend}${run.quick ? ' with --quick' : ''}, but ${dirs[0]} on ${first.backend}${first.quick ? ' with --quick' : ''}; merge runs of one kind`);
    }
    for (const seed of run.seedNumbers ?? []) {
      if (seen.has(seed)) throw new InvalidArgumentError(`${where}: seed ${seed} is already in another directory; each seed may be merged once`);
      seen.add(seed);
    }
  });
  const known = runs.every((run) => run.seedNumbers !== undefined);
  return {
    lab,
    backend: first.backend,
    quick: first.quick,
    ...(known ? { seedNumbers: runs.flatMap((run) => run.seedNumbers ?? []) } : {}),
    nnlab: runs.flatMap((run) => run.nnlab),
    torch: runs.flatMap((run) => run.torch),
  };
}

const isRows = (value: unknown): value is LabRow[][] =>
  Array.isArray(value) && value.every((seed) => Array.isArray(seed) && seed.every((r: Partial<LabRow> | null) => typeof r?.variant === 'string' && typeof r.metric === 'string' && typeof r.value === 'number'));

async function readParityRuns(path: string): Promise<ParityRuns> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new NotFoundError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); --merge takes the --out directories of earlier --parity runs`, { cause: error });
  }
  let json: Partial<ParityRuns> | null;
  try {
    json = JSON.parse(text) as Partial<ParityRuns> | null;
  } catch (error) {
    throw new DataFormatError(`is not JSON (${(error as Error).message})`, path, { cause: error });
  }
  const seeds = json?.seedNumbers;
  if (json === null || typeof json !== 'object' || typeof json.lab !== 'string' || typeof json.backend !== 'string' || !isRows(json.nnlab) || !isRows(json.torch) || json.nnlab.length !== json.torch.length ||
    (seeds !== undefined && (!Array.isArray(seeds) || seeds.length !== json.nnlab.length || !seeds.every(Number.isInteger)))) {
    throw new DataFormatError('is not the parity.json of pnpm lab --parity (expected lab, backend, and nnlab and torch rows per seed)', path);
  }
  return { lab: json.lab, backend: json.backend, quick: json.quick === true, ...(seeds === undefined ? {} : { seedNumbers: seeds }), nnlab: json.nnlab, torch: json.torch };
}
