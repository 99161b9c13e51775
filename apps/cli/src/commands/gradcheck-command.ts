import type { BackendProvider } from '@nnlab/core';
import { BackendRegistry, CheckFailedError } from '@nnlab/core';
import { buildModel, modelInputShape, modelOutputSize, parseModelSpec } from '@nnlab/models';
import { type BackendGradcheck, GRADCHECK_DEFAULT_EPSILON, GRADCHECK_DEFAULT_TOLERANCE, gradcheckBackends } from '@nnlab/trainers';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { pickBackends } from '@nnlab/backends';
import { Command } from 'commander';
import { backendNames, type CommandContext } from '../command-context.js';
import { integer, JSON_HELP, nonNegativeNumber, positiveNumber } from '../option-parsers.js';
import { trainingOption } from '../training-options.js';

/** λ checked beside λ = 0 when `--l2` is not given: large enough that the L2 term's gradient is comparable to the loss's. */
export const DEFAULT_GRADCHECK_L2 = 0.1;

/** Options of `nnlab gradcheck`, already parsed from the command line. */
export interface GradcheckCommandOptions {
  readonly model: string;
  readonly batch: number;
  /** A backend name, or `all` (default): every available backend. */
  readonly backend: string;
  /** λ of the L2 run (default {@link DEFAULT_GRADCHECK_L2}); 0 checks without L2 only. */
  readonly l2?: number;
  readonly epsilon?: number;
  readonly tolerance?: number;
  readonly seed: number;
  readonly maxElements?: number;
  readonly json?: boolean;
}

function exponent(value: number): string {
  return Number.isFinite(value) ? value.toExponential(2) : String(value);
}

function table(rows: readonly string[][]): string {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  return rows.map((row) => `  ${row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ')}`.trimEnd()).join('\n');
}

/** One backend's checks as a table, one row per L2 strength and parameter. */
function backendTable(check: BackendGradcheck, tolerance: number): string {
  const rows = [['L2', 'parameter', 'shape', 'checked', 'kinks', 'relative difference', 'rounding floor', 'max abs difference']];
  for (const result of check.runs) {
    for (const p of result.parameters) {
      rows.push([String(result.l2), p.name, p.shape.join('x'), `${p.checkedElements}/${p.totalElements}`, String(p.kinkElements), exponent(p.relativeDifference), exponent(p.roundingFloor), exponent(p.maxAbsoluteDifference)]);
    }
  }
  return `\nbackend ${check.backend}\n${table(rows)}\n  max relative difference ${exponent(check.maxRelativeDifference)}: ${check.maxRelativeDifference <= tolerance ? 'ok' : 'FAILED'}\n`;
}

/**
 * `nnlab gradcheck`: the backprop lab's gradient check. Builds `--model` with
 * `--seed`, draws `--batch` random inputs (standard normal) and class targets,
 * and compares every parameter's analytic gradient of the cross-entropy loss
 * with central differences (`gradcheck` from `@nnlab/trainers`), without L2
 * and with L2 λ = `--l2`, on every available backend (or `--backend`). Prints
 * a table per backend; exits 1 when any relative difference exceeds
 * `--tolerance`.
 */
export async function gradcheckCommand(backends: readonly BackendProvider[], options: GradcheckCommandOptions, output: Output): Promise<void> {
  const spec = parseModelSpec(options.model);
  const l2 = options.l2 ?? DEFAULT_GRADCHECK_L2;
  const lambdas = l2 === 0 ? [0] : [0, l2];
  const epsilon = options.epsilon ?? GRADCHECK_DEFAULT_EPSILON;
  const tolerance = options.tolerance ?? GRADCHECK_DEFAULT_TOLERANCE;
  const { run, skipped } = await pickBackends(new BackendRegistry(backends), options.backend);

  output.stdout.write(
    `gradient check of ${spec.text} on ${options.batch} random examples (cross-entropy, float32, epsilon ${epsilon}, ` +
      `L2 ${lambdas.join(' and ')}, seed ${options.seed}, tolerance ${tolerance})\n`,
  );
  const result = await gradcheckBackends(run, {
    build: (rng) => buildModel(spec, { rng }),
    inputShape: modelInputShape(spec),
    classes: modelOutputSize(spec),
    batch: options.batch,
    l2: lambdas,
    epsilon,
    tolerance,
    seed: options.seed,
    ...(options.maxElements === undefined ? {} : { maxElementsPerParameter: options.maxElements }),
    onBackend: (check) => output.stdout.write(backendTable(check, tolerance)),
  });
  if (skipped.length > 0) output.stdout.write(`\n${skipped.map((skip) => `skipped ${skip.backend}: ${skip.reason}`).join('\n')}\n`);
  const { maxRelativeDifference, kinkElements: kinks, worst: top } = result;
  output.stdout.write(
    `\nmax relative difference ${exponent(maxRelativeDifference)} over ${result.backends.map((r) => r.backend).join(', ')}: ` +
      `${result.passed ? 'passed' : 'FAILED'} (tolerance ${tolerance}; float32 reaches ~1e-5 to 1e-3 here, float64 ~1e-11)` +
      `${kinks > 0 ? `; ${kinks} element(s) next to a kink (e.g. ReLU at 0) left out` : ''}\n`,
  );
  const failure =
    top === undefined
      ? undefined
      : new CheckFailedError(
          `gradient check failed: relative difference ${exponent(top.relativeDifference)} for parameter ${top.name} on backend ${top.backend} (L2 ${top.l2}) ` +
            `exceeds --tolerance ${tolerance}; ` +
            (top.relativeDifference <= 3 * top.roundingFloor
              ? `but float32 rounding of the loss alone gives ${exponent(top.roundingFloor)} for this parameter, so a float32 check cannot tell that difference from rounding (gradients tiny next to the loss raise the floor; a larger --epsilon lowers it)`
              : 'the analytic gradient disagrees with central differences'),
        );
  if (options.json === true) {
    printJson(output, {
      command: 'gradcheck',
      model: spec.text,
      batch: options.batch,
      seed: options.seed,
      epsilon,
      tolerance,
      l2: lambdas,
      maxRelativeDifference,
      passed: result.passed,
      backends: result.backends.map((r) => ({
        backend: r.backend,
        maxRelativeDifference: r.maxRelativeDifference,
        runs: r.runs.map((run) => ({ l2: run.l2, loss: run.loss, maxRelativeDifference: run.maxRelativeDifference, kinkElements: run.kinkElements, parameters: run.parameters })),
      })),
      skipped,
      ...(failure === undefined ? {} : { error: { code: failure.code, message: failure.message, exitCode: 1 } }),
    });
  }
  if (failure !== undefined) throw failure;
}

/** `nnlab gradcheck`: options and help. */
export function createGradcheckCommand(context: CommandContext): Command {
  return new Command('gradcheck')
    .description('check analytic gradients against central differences (the backprop lab\'s check), with and without L2, on every backend')
    .addOption(trainingOption('model', context, { help: 'model string, e.g. mlp:3-5-3 or mlp:3-5-3,activation=tanh', default: 'mlp:3-5-3' }))
    .option('--batch <n>', 'random examples', integer('--batch'), 5)
    .addOption(trainingOption('backend', context, { help: `backend: ${backendNames(context)} or all (every available one)`, default: 'all' }))
    .option('--l2 <x>', 'L2 strength for the run with regularisation (default 0.1; 0: check without L2 only)', nonNegativeNumber('--l2'))
    .option('--epsilon <x>', 'central-difference step (default 1e-2, best for float32)', positiveNumber('--epsilon'))
    .option('--tolerance <x>', 'largest relative difference that passes (default 5e-3 for float32)', positiveNumber('--tolerance'))
    .option('--max-elements <n>', 'check a seeded random subset of at most N elements per parameter (default: all)', integer('--max-elements'))
    .addOption(trainingOption('seed', context, { help: 'seed for the weights, the inputs and targets, and the element subset' }))
    .option('--json', JSON_HELP)
    .action(async (options: GradcheckCommandOptions) => gradcheckCommand(context.backends, options, context.output));
}
