import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTrainingJob, type TrainingData } from '@nnlab/sweeps/node';
import { knownBackends } from '@nnlab/backends';
import { renderSvg, sweepMetricSpec } from '@nnlab/report';
import { CheckFailedError } from '@nnlab/core';
import { expandGrid, inProcessExecutor, parseGrid, summarizeSweep, type SweepSummary, type TrainingJob, type TrialResult } from '@nnlab/sweeps';
import { activateBackend } from '../activate-backend.js';
import { isSelected, type Lab, type LabOptions, type LabResult, type LabRow } from '../lab.js';

/** One sweep of the lab: a model template and the grids that vary it (`nnlab sweep --model ... --grid ...`). */
interface SweepSpec {
  readonly name: string;
  readonly model: string;
  readonly grids: readonly string[];
  /** Grids of `--quick` (fewer values). */
  readonly quickGrids: readonly string[];
  /** Epochs per trial of the full run (default 3; `--quick` trains 1). */
  readonly epochs?: number;
}

/** The lab's sweeps: one hyperparameter at a time around 784-100-10 with Adam 1e-3, then the 3-layer grid. */
export const MLP_SWEEPS: readonly SweepSpec[] = [
  { name: 'learning rate', model: 'mlp:784-100-10', grids: ['lr=0.0001,0.0003,0.001,0.003,0.01'], quickGrids: ['lr=0.001,0.01'] },
  { name: 'hidden units M', model: 'mlp:784-{M}-10', grids: ['M=10,30,100,300,1000'], quickGrids: ['M=10,100'] },
  { name: 'weight decay', model: 'mlp:784-100-10', grids: ['weight-decay=0,0.0001,0.001,0.01'], quickGrids: ['weight-decay=0,0.01'] },
  { name: 'dropout', model: 'mlp:784-100-10', grids: ['dropout=0,0.2,0.5'], quickGrids: ['dropout=0,0.5'] },
  // 10 epochs: after 3, seed-to-seed spread (0.5-1 pp) was as large as the differences the grid is meant to rank.
  { name: '3-layer grid', model: 'mlp:784-{h1}-{h2}-10', grids: ['h1=100,300', 'h2=50,100', 'lr=0.001,0.003'], quickGrids: ['h1=32', 'h2=16,32'], epochs: 10 },
];

/** The reference runs the issue measured with PyTorch (784-300-10, Adam 1e-3, batch 64, 10 epochs). */
const REFERENCES = [
  { variant: 'reference 784-300-10, normalised, 10 epochs', normalize: true },
  { variant: 'reference 784-300-10, [0,1] inputs, 10 epochs', normalize: false },
] as const;

/** `lr=0.001, M=100`: a trial's parameters as the lab's tables and parity rows name them. */
export function trialLabel(parameters: TrialResult['parameters']): string {
  return Object.entries(parameters).map(([name, value]) => `${name}=${String(value)}`).join(', ');
}

/** `3-layer grid: h1=100, h2=50, lr=0.001`: a trial's parity-row name. */
function trialVariant(sweep: SweepSpec, parameters: TrialResult['parameters']): string {
  return `${sweep.name}: ${trialLabel(parameters)}`;
}

/** The trials of `sweep` in a full or quick run (`base` gives their jobs). */
function sweepPlan(sweep: SweepSpec, base: TrainingJob, quick: boolean) {
  const grids = (quick ? sweep.quickGrids : sweep.grids).map((text) => parseGrid(text));
  const epochs = quick ? 1 : (sweep.epochs ?? base.epochs);
  return { grids, epochs, plan: expandGrid({ base: { ...base, model: sweep.model, epochs }, grids }) };
}

/**
 * The job every trial starts from. --quick: 500 training digits and 1 epoch per trial; the full lab:
 * all 8,000 and 3 epochs (sweeps may set their own, the references train 10).
 */
function baseJob(backend: string, seed: number, quick: boolean): TrainingJob {
  return {
    model: '', dataset: 'mnist-10k', backend, epochs: quick ? 1 : 3, batchSize: 64,
    optimizer: 'adam', learningRate: 1e-3, seed, normalize: true, ...(quick ? { limit: 500 } : {}),
  };
}

/** ` (the 3-layer grid 10)`: the sweeps that train their own number of epochs, for the notes. */
function ownEpochs(quick: boolean): string {
  const own = MLP_SWEEPS.filter((sweep) => sweep.epochs !== undefined).map((sweep) => `the ${sweep.name} ${quick ? 1 : sweep.epochs}`);
  return own.length === 0 ? '' : ` (${own.join(', ')})`;
}

/** Every parity-row name of a run, for `--only` (names depend on the grids only, not on backend or seed). */
function variantNames(quick: boolean): string[] {
  const base = baseJob('cpu', 0, quick);
  return [
    ...REFERENCES.map((r) => r.variant),
    ...MLP_SWEEPS.flatMap((sweep) => sweepPlan(sweep, base, quick).plan.trials.map((trial) => trialVariant(sweep, trial.parameters))),
  ];
}

function sweepTable(summary: SweepSummary, names: readonly string[]): string {
  const byIndex = [...summary.trials].sort((a, b) => a.index - b.index);
  const lines = byIndex.map((t) => {
    const cells = names.map((n) => String(t.parameters[n]));
    const { testAccuracy, trainLoss, testLoss } = t.metrics;
    const pct = (x: number | null) => (x === null ? '-' : (100 * x).toFixed(2));
    const num = (x: number | null) => (x === null ? '-' : x.toFixed(4));
    return `| ${cells.join(' | ')} | ${pct(testAccuracy)} | ${num(trainLoss)} | ${num(testLoss)} | ${t.seconds.toFixed(1)} |`;
  });
  const best = summary.best === null ? '' : `\nbest: ${trialLabel(summary.best.parameters)} (${(100 * summary.best.value).toFixed(2)}%)\n`;
  return [`| ${names.join(' | ')} | test accuracy % | train loss | test loss | seconds |`, `|${' --- |'.repeat(names.length + 4)}`, ...lines].join('\n') + '\n' + best;
}

/**
 * Lab 5: an MLP with M hidden units trained with Adam on the embedded MNIST
 * split, swept over the learning rate, M, weight decay and dropout (one at a
 * time around 784-100-10, 3 epochs per trial to keep the full run
 * affordable on 2 cores), and a 3-layer grid (two hidden widths by the
 * learning rate, 10 epochs per trial). Each sweep runs through `@nnlab/trainers`' sweep core
 * (`expandGrid`, `inProcessExecutor`, `summarizeSweep`) with the CLI's
 * `runTrainingJob`, exactly as `nnlab sweep` does, and writes a markdown
 * table and a chart; the 784-300-10 reference runs are the parity anchors.
 *
 * @example
 * const result = await mlpSweeps.run({ backend: 'native', quick: false, seed: 0, outDir: 'out', log: console.log });
 */
export const mlpSweeps: Lab = {
  name: 'mlp-sweeps',
  title: 'MLP 784-M-10 with Adam: sweeps over learning rate, M, weight decay, dropout, and a 3-layer grid (MNIST)',
  variantNames,
  async run(options: LabOptions): Promise<LabResult> {
    const info = await activateBackend(options);
    const base = baseJob(info.name, options.seed, options.quick);
    options.log(`mlp-sweeps on ${info.name}: ${options.quick ? '500' : '8,000'} train / 2,000 test digits, ${base.epochs} epochs per trial`);
    const dataCache = new Map<string, Promise<TrainingData>>();
    const backends = knownBackends();
    const rows: LabRow[] = [];
    const files: string[] = [];
    let tables = `# mlp-sweeps (seed ${options.seed}, ${info.name}${options.quick ? ', --quick' : ''})\n`;

    for (const reference of REFERENCES.filter((r) => isSelected(r.variant, options.only))) {
      const started = performance.now();
      const job = { ...base, model: 'mlp:784-300-10', normalize: reference.normalize, epochs: options.quick ? 1 : 10 };
      const { history } = await runTrainingJob(job, backends, { dataCache });
      const value = 100 * (history.at(-1)?.validationAccuracy ?? Number.NaN);
      rows.push({ variant: reference.variant, metric: 'test accuracy %', value, seconds: (performance.now() - started) / 1000 });
      options.log(`  ${reference.variant}: ${value.toFixed(2)}%`);
    }

    for (const sweep of MLP_SWEEPS) {
      const { grids, epochs, plan } = sweepPlan(sweep, base, options.quick);
      const trials = plan.trials.filter((trial) => isSelected(trialVariant(sweep, trial.parameters), options.only));
      if (trials.length === 0) continue;
      const started = performance.now();
      const executor = inProcessExecutor((trial, onEpoch) => runTrainingJob(trial.job, backends, { onEpoch, dataCache }));
      const results = await executor.run(trials, (event) => {
        if (event.type === 'trial-finished') options.log(`  ${sweep.name}: ${trialLabel(event.result.parameters)} -> ${(100 * (event.result.metrics.testAccuracy ?? Number.NaN)).toFixed(2)}%`);
      });
      const summary = summarizeSweep({
        sweepId: plan.sweepId, base: { ...base, model: sweep.model, epochs }, grids, metric: 'testAccuracy',
        total: trials.length, results, seconds: (performance.now() - started) / 1000,
      });
      for (const result of results) {
        if (result.status === 'failed') throw new CheckFailedError(`${sweep.name} trial ${trialLabel(result.parameters)} failed: ${result.error}`);
        rows.push({ variant: trialVariant(sweep, result.parameters), metric: 'test accuracy %', value: 100 * (result.metrics.testAccuracy ?? Number.NaN), seconds: result.seconds });
      }
      tables += `\n## ${sweep.name} (${sweep.model}, Adam, ${epochs} epoch${epochs === 1 ? '' : 's'})\n\n${sweepTable(summary, grids.map((g) => g.name))}`;
      if (grids.length === 1 && grids[0] !== undefined && grids[0].values.length > 1) {
        const chart = join(options.outDir, `${sweep.name.replaceAll(' ', '-')}.svg`);
        await writeFile(chart, await renderSvg(sweepMetricSpec(summary, grids[0].name)));
        files.push(chart);
      }
    }
    const tablePath = join(options.outDir, 'sweeps.md');
    await writeFile(tablePath, tables);
    return {
      rows,
      files: [tablePath, ...files],
      notes: [
        `embedded MNIST split 8,000/2,000 with seed ${options.seed}, normalised by the training split's mean/std (as nnlab train --dataset mnist-10k)`,
        `sweeps train ${base.epochs} epoch(s) per trial${ownEpochs(options.quick)}, batch 64, Adam; unswept settings: 784-100-10, lr 1e-3, no weight decay, no dropout`,
      ],
    };
  },
};
