import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BackendProvider } from '@nnlab/core';
import { exportOnnx, exportTfjs, exportTorch, ONNX_OPSET, TFJS_WEIGHTS_FILE } from '@nnlab/export';
import { loadCheckpointModel } from '../load-checkpoint-model.js';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { UsageError } from '../usage-error.js';
import { writeFileAtomic } from '@nnlab/core/node';
import { Command, Option } from 'commander';
import type { CommandContext } from '../command-context.js';
import { JSON_HELP } from '../option-parsers.js';

/** Formats `nnlab export` writes. */
export const exportFormats = ['onnx', 'tfjs', 'torch'] as const;

/** Options of `nnlab export`. */
export interface ExportOptions {
  readonly format: string;
  /** Output file (onnx) or folder (tfjs); default beside the checkpoint, named after it (`runs/a` -> `runs/a.onnx`, `runs/a-tfjs/`). */
  readonly out?: string;
  readonly backend?: string;
  readonly json?: boolean;
}

/** Where `nnlab export PATH` writes without `--out`: beside the checkpoint, named after it. */
export function defaultExportPath(checkpointPath: string, format: string): string {
  const base = resolve(checkpointPath);
  return format === 'onnx' ? `${base}.onnx` : `${base}-${format}`;
}

/**
 * `nnlab export CHECKPOINT --format onnx|tfjs [--out PATH]`: loads the
 * checkpoint's model and writes it as ONNX (opset 17, one file) or as a
 * TensorFlow.js LayersModel (a folder with `model.json` and one weight
 * shard), with training's normalisation built in; each file atomically.
 */
export async function exportCommand(path: string, options: ExportOptions, backends: readonly BackendProvider[], output: Output): Promise<void> {
  if (!(exportFormats as readonly string[]).includes(options.format)) {
    throw new UsageError(`--format must be one of ${exportFormats.join(', ')}, got "${options.format}"`);
  }
  const loaded = await loadCheckpointModel(path, { backends, backendName: options.backend ?? 'cpu', purpose: 'export', requireInput: true });
  const input = loaded.input!;
  const out = options.out ?? defaultExportPath(path, options.format);
  try {
    const modelInput = {
      inputShape: input.shape,
      normalization: input.normalization,
      ...(input.classNames === undefined ? {} : { classNames: input.classNames }),
    };
    const description = `${loaded.spec.text}${input.dataset === undefined ? '' : ` trained on ${input.dataset}`}`;
    let bytes: number;
    let what: string;
    let outputs: string;
    if (options.format === 'onnx') {
      const file = await exportOnnx(loaded.model, { ...modelInput, name: description });
      await writeFileAtomic(out, file);
      bytes = file.length;
      what = `ONNX opset ${ONNX_OPSET}, ${bytes.toLocaleString('en-US')} bytes`;
      outputs = 'probabilities [batch, C], logits [batch, C]';
    } else if (options.format === 'torch') {
      const exported = await exportTorch(loaded.model, modelInput);
      await mkdir(out, { recursive: true });
      await writeFileAtomic(join(out, 'model.safetensors'), exported.safetensors);
      await writeFileAtomic(join(out, 'model.py'), exported.python);
      bytes = exported.safetensors.length;
      what = `PyTorch: model.safetensors (state dict, ${bytes.toLocaleString('en-US')} bytes) + model.py`;
      outputs = 'probabilities [batch, C] from predict(pixels); logits from model(x) on normalised NCHW x';
      const start = exported.python.indexOf('model = nn.');
      const moduleCode = exported.python.slice(start, exported.python.indexOf('\n\n', start));
      output.stdout.write(`${moduleCode}\nmodel.load_state_dict(load_safetensors('${join(out, 'model.safetensors')}'), strict=True)  # python3 ${join(out, 'model.py')} does this\n`);
    } else {
      const files = await exportTfjs(loaded.model, { ...modelInput, name: loaded.spec.text.replace(/[^\w]/g, '_') });
      await mkdir(out, { recursive: true });
      // The shard first: model.json only ever points at a complete one.
      await writeFileAtomic(join(out, TFJS_WEIGHTS_FILE), files.weights);
      await writeFileAtomic(join(out, 'model.json'), files.modelJson);
      bytes = files.weights.length + files.modelJson.length;
      what = `TensorFlow.js LayersModel: model.json + ${TFJS_WEIGHTS_FILE}, ${bytes.toLocaleString('en-US')} bytes`;
      outputs = 'probabilities [batch, C] (tf.loadLayersModel(\'.../model.json\'))';
    }
    const classes = (loaded.spec.kind === 'cnn' ? loaded.spec.numClasses : loaded.spec.sizes.at(-1)) ?? 0;
    const normalization = input.normalization === null ? 'none (raw pixels)' : `mean [${input.normalization.mean.map((v) => v.toFixed(4)).join(', ')}], std [${input.normalization.std.map((v) => v.toFixed(4)).join(', ')}] built in`;
    output.stdout.write(
      `wrote ${out} (${what}) from ${loaded.directory}\n` +
        `  input  pixels [batch, ${input.shape.join(', ')}] float32 in [0, 1], channels last; normalisation ${normalization}\n` +
        `  output ${outputs.replaceAll('C', String(classes))}\n`,
    );
    if (options.json === true) {
      printJson(output, { command: 'export', format: options.format, checkpoint: loaded.directory, model: loaded.spec.text, out, bytes, ...(options.format === 'onnx' ? { opset: ONNX_OPSET } : {}), inputShape: input.shape, normalization: input.normalization, classes });
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
