import { stat } from 'node:fs/promises';
import type { BackendProvider } from '@nnlab/core';
import { modelSummary } from '@nnlab/layers';
import { estimateModelMemory, formatModelSummary, modelInputShape, type ModelSpec, parseModelSpec, withCpuModel } from '@nnlab/models';
import { loadCheckpointModel } from '../load-checkpoint-model.js';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { JSON_HELP } from '../option-parsers.js';
import { trainingOption } from '../training-options.js';

/** Options of `nnlab summary`. */
export interface SummaryOptions {
  /** Batch the memory column is for (default 64, train's default). */
  readonly batchSize?: number;
  readonly json?: boolean;
}

/**
 * `nnlab summary MODEL|CHECKPOINT`: the per-layer table of a model string
 * (`cnn3`, `mlp:784-100-10`) or of a checkpoint's model (its recorded input
 * shape, else the model's own).
 */
export async function summaryCommand(target: string, options: SummaryOptions, backends: readonly BackendProvider[], output: Output): Promise<void> {
  const isPath = await stat(target).then(
    () => true,
    () => false,
  );
  let title: string;
  let summary;
  let spec: ModelSpec;
  if (isPath) {
    const loaded = await loadCheckpointModel(target, { backends, backendName: 'cpu', purpose: 'summary', requireInput: false });
    try {
      const shape = loaded.input?.shape ?? modelInputShape(loaded.spec);
      summary = modelSummary(loaded.model, shape, { batchSize: options.batchSize ?? 64 });
      spec = loaded.spec;
      title = `${loaded.spec.text} from ${loaded.directory}, input [batch, ${shape.join(', ')}]`;
    } finally {
      loaded.model.dispose();
    }
  } else {
    spec = parseModelSpec(target);
    const shape = spec.kind === 'cnn' ? spec.inputShape : modelInputShape(spec);
    summary = await withCpuModel(spec, backends, (model) => modelSummary(model, shape, { batchSize: options.batchSize ?? 64 }));
    title = `${spec.text}, input [batch, ${shape.join(', ')}]`;
  }
  const estimate = estimateModelMemory(spec, { batchSize: summary.batchSize });
  output.stdout.write(formatModelSummary(summary, title, estimate, { memoryOption: '--max-memory' }));
  if (options.json === true) printJson(output, { command: 'summary', target, model: spec.text, ...summary, memoryEstimate: estimate });
}

/** `nnlab summary <model>`: options and help. */
export function createSummaryCommand(context: CommandContext): Command {
  return new Command('summary')
    .argument('<model>')
    .description('per-layer table of a model string (cnn3, mlp:784-100-10) or a checkpoint: output shape, parameters, memory for a batch')
    .addOption(trainingOption('batchSize', context, { help: 'batch the memory column is for' }))
    .option('--json', JSON_HELP)
    .action(async (model: string, options: SummaryOptions) => summaryCommand(model, options, context.backends, context.output));
}
