import type { BackendProvider } from '@nnlab/core';
import { rankPredictions } from '@nnlab/export';
import { openPredictor } from '@nnlab/export/node';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { collectExamples } from '@nnlab/report/node';
import { checkpointBackend } from '../load-checkpoint-model.js';
import { Command } from 'commander';
import { backendNames, type CommandContext } from '../command-context.js';
import { integer, JSON_HELP } from '../option-parsers.js';
import { trainingOption } from '../training-options.js';

/** Options of `nnlab predict`. */
export interface PredictOptions {
  /** Classes listed per example (default 3). */
  readonly top?: number;
  /** Examples printed (default: all images; 10 of a dataset, whose accuracy still counts every example). */
  readonly limit?: number;
  /** Invert grey levels (1 - x) of image files: dark strokes on a light background, as drawn or scanned. */
  readonly invert?: boolean;
  readonly backend?: string;
  readonly json?: boolean;
}

/**
 * `nnlab predict CHECKPOINT|MODEL.onnx IMAGE...|folder:DIR|DATASET`: the
 * top classes and their probabilities for each example, with class names
 * where known; for a dataset's test split also the accuracy over all of it.
 */
export async function predictCommand(model: string, inputs: readonly string[], options: PredictOptions, backends: readonly BackendProvider[], output: Output): Promise<void> {
  const hooks = checkpointBackend({ backends, backendName: options.backend ?? 'auto', purpose: 'predict' });
  const predictor = await openPredictor(model, { purpose: 'nnlab predict', activateBackend: hooks.activate }).catch(hooks.rethrow);
  try {
    const examples = await collectExamples(inputs, predictor.inputShape, { invert: options.invert === true });
    for (const note of examples.notes) output.stderr.write(`nnlab: ${note}\n`);
    const { probabilities, classes } = await predictor.predict(examples.pixels, examples.names.length);
    const names = predictor.classNames ?? examples.classNames;
    const { predictions, labelled, correct } = rankPredictions(probabilities, classes, { sources: examples.names, labels: examples.labels, top: options.top ?? 3, classNames: names });
    const shownCount = options.limit ?? (labelled > 0 ? 10 : predictions.length);
    const shown = predictions.slice(0, shownCount);
    const className = (c: number): string => (names?.[c] === undefined ? String(c) : `${names[c]} (${c})`);
    output.stdout.write(`predicting with ${predictor.source}: ${predictions.length} example${predictions.length === 1 ? '' : 's'}\n`);
    const width = Math.max(...shown.map((p) => p.source.length), 6);
    for (const p of shown) {
      const guesses = p.top.map((t) => `${className(t.class)} ${(t.probability * 100).toFixed(1)}%`).join('   ');
      const truth = p.label === null ? '' : `   (label ${className(p.label)}${p.top[0]?.class === p.label ? '' : ', wrong'})`;
      output.stdout.write(`${p.source.padEnd(width)}  ${guesses}${truth}\n`);
    }
    if (shown.length < predictions.length) output.stdout.write(`... ${predictions.length - shown.length} more (--limit N shows more)\n`);
    if (labelled > 0) output.stdout.write(`accuracy ${((correct / labelled) * 100).toFixed(2)}% (${correct}/${labelled})\n`);
    const light = examples.mostlyLight.length;
    if (options.invert !== true && labelled === 0 && light > 0) output.stderr.write(`nnlab: note: ${light} image${light === 1 ? ' is' : 's are'} mostly light; MNIST-style models expect light strokes on black: try --invert\n`);
    if (options.json === true) {
      printJson(output, {
        command: 'predict',
        model,
        kind: predictor.kind === 'model' ? 'checkpoint' : 'onnx',
        examples: predictions.length,
        accuracy: labelled > 0 ? correct / labelled : null,
        predictions: shown,
      });
    }
  } finally {
    await predictor.dispose();
  }
}

/** `nnlab predict <model> <inputs...>`: options and help. */
export function createPredictCommand(context: CommandContext): Command {
  return new Command('predict')
    .argument('<model>')
    .argument('<inputs...>')
    .description('classify images with a checkpoint or an exported .onnx file: INPUTS are PNG/JPEG files, folder:DIR (every image in it) or a dataset name (its test split, with accuracy)')
    .option('--top <k>', 'classes listed per example', integer('--top'), 3)
    .option('--limit <n>', 'examples printed (default: every image; 10 of a dataset, whose accuracy counts all)', integer('--limit'))
    .option('--invert', 'invert image files (1 - x): dark strokes on a light background, as drawn or scanned')
    .addOption(trainingOption('backend', context, { help: `backend for a checkpoint's model: ${backendNames(context)} or auto` }))
    .option('--json', JSON_HELP)
    .action(async (model: string, inputs: string[], options: PredictOptions) => predictCommand(model, inputs, options, context.backends, context.output));
}
