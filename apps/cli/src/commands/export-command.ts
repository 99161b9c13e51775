import { join } from 'node:path';
import type { BackendProvider } from '@nnlab/core';
import { ONNX_OPSET, TFJS_WEIGHTS_FILE } from '@nnlab/export';
import { defaultExportPath, type ExportFormat, exportFormats, writeModelExport } from '@nnlab/export/node';
import { loadCheckpointModel } from '../load-checkpoint-model.js';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { Command, Option } from 'commander';
import type { CommandContext } from '../command-context.js';
import { JSON_HELP } from '../option-parsers.js';

/** Options of `nnlab export`. */
export interface ExportOptions {
  readonly format: ExportFormat;
  /** Output file (onnx) or folder (tfjs, torch); default beside the checkpoint, named after it (`runs/a` -> `runs/a.onnx`, `runs/a-tfjs/`). */
  readonly out?: string;
  readonly backend?: string;
  readonly json?: boolean;
}

/** What each format's files are and what they give, for the summary. */
const WRITTEN: Record<ExportFormat, { what: (bytes: string) => string; outputs: string }> = {
  onnx: { what: (bytes) => `ONNX opset ${ONNX_OPSET}, ${bytes} bytes`, outputs: 'probabilities [batch, C], logits [batch, C]' },
  tfjs: { what: (bytes) => `TensorFlow.js LayersModel: model.json + ${TFJS_WEIGHTS_FILE}, ${bytes} bytes`, outputs: "probabilities [batch, C] (tf.loadLayersModel('.../model.json'))" },
  torch: { what: (bytes) => `PyTorch: model.safetensors (state dict, ${bytes} bytes) + model.py`, outputs: 'probabilities [batch, C] from predict(pixels); logits from model(x) on normalised NCHW x' },
};

/**
 * `nnlab export CHECKPOINT --format onnx|tfjs [--out PATH]`: loads the
 * checkpoint's model and writes it as ONNX (opset 17, one file) or as a
 * TensorFlow.js LayersModel (a folder with `model.json` and one weight
 * shard), with training's normalisation built in; each file atomically.
 */
export async function exportCommand(path: string, options: ExportOptions, backends: readonly BackendProvider[], output: Output): Promise<void> {
  const loaded = await loadCheckpointModel(path, { backends, backendName: options.backend ?? 'cpu', purpose: 'export', requireInput: true });
  const input = loaded.input!;
  const out = options.out ?? defaultExportPath(path, options.format);
  try {
    const name = `${loaded.spec.text}${input.dataset === undefined ? '' : ` trained on ${input.dataset}`}`;
    const modelInput = { inputShape: input.shape, normalization: input.normalization, ...(input.classNames === undefined ? {} : { classNames: input.classNames }), name };
    const written = await writeModelExport(loaded.model, options.format, out, modelInput);
    if (written.python !== undefined) {
      const start = written.python.indexOf('model = nn.');
      const moduleCode = written.python.slice(start, written.python.indexOf('\n\n', start));
      output.stdout.write(`${moduleCode}\nmodel.load_state_dict(load_safetensors('${join(out, 'model.safetensors')}'), strict=True)  # python3 ${join(out, 'model.py')} does this\n`);
    }
    const classes = (loaded.spec.kind === 'cnn' ? loaded.spec.numClasses : loaded.spec.sizes.at(-1)) ?? 0;
    const normalization = input.normalization === null ? 'none (raw pixels)' : `mean [${input.normalization.mean.map((v) => v.toFixed(4)).join(', ')}], std [${input.normalization.std.map((v) => v.toFixed(4)).join(', ')}] built in`;
    output.stdout.write(
      `wrote ${out} (${WRITTEN[options.format].what(written.bytes.toLocaleString('en-US'))}) from ${loaded.directory}\n` +
        `  input  pixels [batch, ${input.shape.join(', ')}] float32 in [0, 1], channels last; normalisation ${normalization}\n` +
        `  output ${WRITTEN[options.format].outputs.replaceAll('C', String(classes))}\n`,
    );
    if (options.json === true) {
      printJson(output, { command: 'export', format: options.format, checkpoint: loaded.directory, model: loaded.spec.text, out, bytes: written.bytes, ...(options.format === 'onnx' ? { opset: ONNX_OPSET } : {}), inputShape: input.shape, normalization: input.normalization, classes });
    }
  } finally {
    loaded.model.dispose();
  }
}

/** `nnlab export <checkpoint>`: options and help. */
export function createExportCommand(context: CommandContext): Command {
  return new Command('export')
    .argument('<checkpoint>')
    .description('write a checkpoint\'s model as ONNX (opset 17), a TensorFlow.js LayersModel or PyTorch safetensors + model.py: float32 pixels in [0, 1], channels last, in; training\'s normalisation built in; probabilities (and logits, ONNX) out')
    .addOption(new Option('--format <format>', 'file format').choices([...exportFormats]).default('onnx'))
    .option('--out <path>', 'where to write: a file (onnx) or folder (tfjs, torch); default beside the checkpoint, named after it: runs/a -> runs/a.onnx, runs/a-tfjs/, runs/a-torch/')
    .option('--json', JSON_HELP)
    .action(async (path: string, options: ExportOptions) => exportCommand(path, options, context.backends, context.output));
}
