import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isNnlabError } from '@nnlab/core';
import { Command, CommanderError, InvalidArgumentError as CommanderInvalidArgument } from 'commander';
import { exportLabData } from './export-lab-data.js';
import { formatRows } from './format-rows.js';
import { isSelected, type Lab, type LabOptions, type LabRow } from './lab.js';
import { labs as registeredLabs } from './labs.js';
import { mergeParityRuns } from './merge-parity.js';
import { parityMarkdown, parityTable, type ParityRow } from './parity-table.js';
import { repositoryRoot } from './repository-root.js';
import { runTwin } from './run-twin.js';

/** Where the labs runner writes: results to stdout, progress and errors to stderr. */
export interface LabOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

interface CommandOptions {
  backend: string;
  quick?: boolean;
  seed: number;
  out?: string;
  data?: string;
  parity?: boolean;
  seeds: number;
  python?: string;
  twinThreads?: number;
  epochs?: number;
  merge?: string[];
  only?: string[];
  deterministic?: boolean;
}

/** What {@link labMain} runs, replaceable in tests. */
export interface LabMainOptions {
  /** Labs to offer (default: the registry, `labs.ts`). */
  readonly labs?: readonly Lab[];
  /** Runs a PyTorch twin (default {@link runTwin}). */
  readonly runTwin?: typeof runTwin;
  /** Writes the data the twins read for a seed (default {@link exportLabData}). */
  readonly exportData?: (seed: number) => Promise<unknown>;
}

/** Bad usage: exit 2 with one `lab: error:` line. */
class LabUsageError extends Error {}

/** Commander collector of a repeatable option. */
const collect = (text: string, previous: string[] = []): string[] => [...previous, text];

const integer = (min: number) => (text: string): number => {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min) throw new CommanderInvalidArgument(`must be an integer >= ${min}, got "${text}"`);
  return value;
};

/**
 * The `pnpm lab` command: without a name it lists the labs; with one it runs
 * it (`--backend`, `--quick`, `--seed`, `--out`, `--data`), prints its rows
 * and the files it wrote; with `--parity` it runs the lab and its PyTorch
 * twin for seeds `0..--seeds-1`, one after another, and prints and writes
 * (`parity.md`, `parity.json` in the out directory) the comparison. Returns
 * the exit code: 0, 1 for a failed run (one `lab: error:` line), 2 for bad usage.
 *
 * @example
 * process.exitCode = await labMain(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
 */
export async function labMain(argv: readonly string[], output: LabOutput, options: LabMainOptions = {}): Promise<number> {
  const labs = options.labs ?? registeredLabs;
  const twin = options.runTwin ?? runTwin;
  const exportData = options.exportData ?? exportLabData;
  const program = new Command('lab')
    .description('Run a classic lab notebook as an nnlab example; --parity compares it with its PyTorch twin.')
    .argument('[name]', `lab to run: ${labs.map((l) => l.name).join(', ')}`)
    .option('--backend <name>', 'backend: cpu, wasm, native, ... or auto', 'auto')
    .option('--quick', 'few steps on little data (seconds; what CI runs)')
    .option('--seed <n>', 'seed of initialisation, shuffling and the data split (with --parity: the first seed)', integer(0), 0)
    .option('--out <dir>', 'where charts and tables go (default .cache/labs/out/<name> in the checkout)')
    .option('--data <path>', 'your own data, lab-specific (folder:DIR, mat:FILE[,weights=FILE])')
    .option('--parity', 'run the lab and its PyTorch twin for seeds S..S+N-1 (--seed S, --seeds N) and compare')
    .option('--seeds <n>', 'seeds per side for --parity', integer(1), 3)
    .option('--python <path>', "interpreter for the twins (default /usr/bin/python3, Debian's, with torch)")
    .option('--epochs <n>', `train every (selected) variant this many epochs, with a row after the last (${epochLabs(labs).join(', ')})`, integer(1))
    .option('--deterministic', "activate nnlab's backend so that a seed repeats bit for bit (native: no thread counts picked by timing)")
    .option('--twin-threads <n>', "torch threads of the twins (default 1, the twins' own default)", integer(1))
    .option(
      '--merge <dir>',
      'with --parity: instead of running, put together the parity.json of earlier --parity runs in these --out directories (repeatable; e.g. one seed each, run at once)',
      collect,
    )
    .option(
      '--only <prefix>',
      `run only the variants whose name starts with this (repeatable; ${selectableLabs(labs).join(', ')})`,
      collect,
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.stdout.write(text),
      writeErr: (text) => output.stderr.write(text.startsWith('error:') ? `lab: ${text}` : text),
    })
    .action(async (name: string | undefined, options: CommandOptions) => {
      if (name === undefined) return list(labs, output);
      const lab = labs.find((l) => l.name === name);
      if (lab === undefined) throw new LabUsageError(`unknown lab "${name}"; labs: ${labs.map((l) => l.name).join(', ')}`);
      checkOnly(lab, labs, options);
      if (options.epochs !== undefined && lab.takesEpochs !== true) throw new LabUsageError(`--epochs: lab "${lab.name}" has its own schedule; --epochs works with ${epochLabs(labs).join(', ') || 'no lab'}`);
      const outDir = resolve(options.out ?? join(repositoryRoot(), '.cache', 'labs', 'out', lab.name));
      await mkdir(outDir, { recursive: true });
      if (options.merge !== undefined) {
        if (options.parity !== true) throw new LabUsageError('--merge works with --parity');
        const merged = await mergeParityRuns(lab.name, options.merge);
        printParity(output, outDir, await writeParity(lab, { ...options, backend: merged.backend, quick: merged.quick, seeds: merged.nnlab.length }, outDir, merged));
        return;
      }
      if (options.parity === true) return parity(lab, { twin, exportData }, options, outDir, output);
      const result = await lab.run(labOptions(options, outDir, output, options.seed));
      output.stdout.write(`\n${lab.title}\n\n${formatRows(result.rows)}`);
      for (const note of result.notes) output.stdout.write(`note: ${note}\n`);
      for (const file of result.files) output.stdout.write(`wrote ${file}\n`);
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.code === 'commander.helpDisplayed' || error.exitCode === 0 ? 0 : 2;
    const message = (error as Error)?.message ?? String(error);
    const prefix = error instanceof LabUsageError || isNnlabError(error) ? '' : 'internal error: ';
    output.stderr.write(`lab: error: ${prefix}${message.split('\n')[0]}\n`);
    if (process.env.NNLAB_DEBUG === '1') output.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return error instanceof LabUsageError ? 2 : 1;
  }
}

function list(labs: readonly Lab[], output: LabOutput): void {
  const width = Math.max(...labs.map((l) => l.name.length), 4);
  output.stdout.write('labs (run one with `pnpm lab <name> [--quick] [--backend B]`):\n');
  for (const lab of labs) output.stdout.write(`  ${lab.name.padEnd(width)}  ${lab.title}\n`);
}

/** Names of the labs that name their variants (the ones `--only` works with). */
function selectableLabs(labs: readonly Lab[]): string[] {
  return labs.filter((l) => l.variantNames !== undefined).map((l) => l.name);
}

/** Names of the labs that take `--epochs`. */
function epochLabs(labs: readonly Lab[]): string[] {
  return labs.filter((l) => l.takesEpochs === true).map((l) => l.name);
}

/** `--only` needs a lab that names its variants, and every prefix must pick at least one of them. */
function checkOnly(lab: Lab, labs: readonly Lab[], options: CommandOptions): void {
  if (options.only === undefined) return;
  if (lab.variantNames === undefined) {
    throw new LabUsageError(`--only: lab "${lab.name}" runs as a whole; --only works with ${selectableLabs(labs).join(', ') || 'no lab'}`);
  }
  const names = lab.variantNames(options.quick === true);
  for (const prefix of options.only) {
    if (!names.some((name) => isSelected(name, [prefix]))) throw new LabUsageError(`--only "${prefix}" matches no variant of ${lab.name}; variants: ${names.map((n) => `"${n}"`).join(', ')}`);
  }
}

function labOptions(options: CommandOptions, outDir: string, output: LabOutput, seed: number): LabOptions {
  return {
    backend: options.backend,
    quick: options.quick === true,
    seed,
    outDir,
    ...(options.data === undefined ? {} : { data: options.data }),
    ...(options.only === undefined ? {} : { only: options.only }),
    ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
    ...(options.deterministic === true ? { deterministic: true } : {}),
    log: (line) => output.stderr.write(`${line}\n`),
  };
}

async function parity(lab: Lab, { twin, exportData }: { twin: typeof runTwin; exportData: (seed: number) => Promise<unknown> }, options: CommandOptions, outDir: string, output: LabOutput): Promise<void> {
  const nnlab: LabRow[][] = [];
  const torch: LabRow[][] = [];
  const seedNumbers: number[] = [];
  for (let seed = options.seed; seed < options.seed + options.seeds; seed++) {
    await exportData(seed);
    output.stderr.write(`[parity] ${lab.name} seed ${seed}: PyTorch twin\n`);
    torch.push(await twin(lab.name, {
      seed,
      quick: options.quick === true,
      ...(options.data === undefined ? {} : { data: options.data }),
      ...(options.python === undefined ? {} : { python: options.python }),
      ...(options.twinThreads === undefined ? {} : { threads: options.twinThreads }),
      ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
      ...(options.only === undefined ? {} : { only: options.only }),
      log: (line) => output.stderr.write(`  torch: ${line}\n`),
    }));
    output.stderr.write(`[parity] ${lab.name} seed ${seed}: nnlab (${options.backend})\n`);
    const seedDir = join(outDir, `seed-${seed}`);
    await mkdir(seedDir, { recursive: true });
    nnlab.push((await lab.run(labOptions(options, seedDir, output, seed))).rows);
    seedNumbers.push(seed);
    // Written after every seed, so a run stopped part-way keeps the seeds it finished.
    if (seed + 1 < options.seed + options.seeds) await writeParity(lab, options, outDir, { nnlab, torch, seedNumbers });
  }
  printParity(output, outDir, await writeParity(lab, options, outDir, { nnlab, torch, seedNumbers }));
}

/** Prints the parity table, where its files went, and how many rows miss the bar. */
function printParity(output: LabOutput, outDir: string, { rows, header, markdown }: { rows: readonly ParityRow[]; header: string; markdown: string }): void {
  output.stdout.write(`\n${header}${markdown}wrote ${join(outDir, 'parity.md')}\nwrote ${join(outDir, 'parity.json')}\n`);
  const failed = rows.filter((r) => r.verdict === 'FAIL' || r.verdict === 'missing');
  if (failed.length > 0) output.stdout.write(`${failed.length} of ${rows.length} rows miss the parity bar\n`);
}

/** Writes `parity.md` and `parity.json` for the seeds finished so far (or merged). */
async function writeParity(
  lab: Lab,
  options: CommandOptions,
  outDir: string,
  { nnlab, torch, seedNumbers }: { nnlab: readonly LabRow[][]; torch: readonly LabRow[][]; seedNumbers?: readonly number[] | undefined },
): Promise<{ rows: ReturnType<typeof parityTable>; header: string; markdown: string }> {
  const rows = parityTable(nnlab, torch);
  const markdown = parityMarkdown(rows);
  const seedText = seedNumbers === undefined ? '' : ` (seed${seedNumbers.length === 1 ? '' : 's'} ${seedNumbers.join(', ')})`;
  const seeds = nnlab.length === options.seeds ? `${options.seeds} seeds each${seedText}` : `${nnlab.length} of ${options.seeds} seeds each so far${seedText}`;
  const header = `${lab.title}: nnlab (${options.backend}) against PyTorch, ${seeds}${options.quick === true ? ', --quick' : ''}\n\n`;
  await writeFile(join(outDir, 'parity.md'), header + markdown);
  await writeFile(join(outDir, 'parity.json'), `${JSON.stringify({ lab: lab.name, backend: options.backend, seeds: nnlab.length, ...(seedNumbers === undefined ? {} : { seedNumbers }), quick: options.quick === true, rows, nnlab, torch }, null, 2)}\n`);
  return { rows, header, markdown };
}
