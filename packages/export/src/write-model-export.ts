import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@nnlab/core/node';
import { invalidOption, option } from '@nnlab/core';
import type { Module } from '@nnlab/layers';
import { exportOnnx } from './export-onnx.js';
import { exportTfjs, TFJS_WEIGHTS_FILE } from './export-tfjs.js';
import { exportTorch } from './export-torch.js';
import type { ModelInput } from './model-input.js';

/** The formats {@link writeModelExport} writes: one ONNX file, a TensorFlow.js LayersModel folder, a PyTorch folder. */
export const exportFormats = ['onnx', 'tfjs', 'torch'] as const;

/** One of {@link exportFormats}. */
export type ExportFormat = (typeof exportFormats)[number];

/** What {@link writeModelExport} wrote. */
export interface WrittenExport {
  readonly format: ExportFormat;
  /** The file (onnx) or folder (tfjs, torch) written. */
  readonly out: string;
  /** Every file written, in the order written. */
  readonly files: readonly string[];
  /** Bytes of the model itself: the ONNX file, the tfjs weights and `model.json`, the PyTorch state dict. */
  readonly bytes: number;
  /** torch: the generated `model.py`. */
  readonly python?: string;
}

/**
 * Where an export of the checkpoint at `checkpointPath` goes by default:
 * beside it, named after it (`runs/a` -> `runs/a.onnx`, `runs/a-tfjs/`, `runs/a-torch/`).
 */
export function defaultExportPath(checkpointPath: string, format: ExportFormat): string {
  const base = resolve(checkpointPath);
  return format === 'onnx' ? `${base}.onnx` : `${base}-${format}`;
}

/**
 * Exports `model` in `format` (`exportOnnx`, `exportTfjs` or `exportTorch`,
 * with `input`'s shape and preprocessing built in) and writes it to `out`,
 * each file atomically: one ONNX file; or a folder with `model.json` and its
 * weight shard (the shard first, so `model.json` only ever points at a
 * complete one); or a folder with `model.safetensors` and `model.py`.
 *
 * @throws InvalidOptionError naming `format` when it is not one of {@link exportFormats}.
 * @example
 * const written = await writeModelExport(model, 'onnx', 'cnn.onnx', { inputShape: [28, 28, 1], normalization: null, name: 'cnn' });
 * written.bytes; // the ONNX file's size
 */
export async function writeModelExport(model: Module, format: string, out: string, input: ModelInput & { readonly name: string }): Promise<WrittenExport> {
  if (format === 'onnx') {
    const file = await exportOnnx(model, input);
    await writeFileAtomic(out, file);
    return { format, out, files: [out], bytes: file.length };
  }
  if (format === 'torch') {
    const exported = await exportTorch(model, input);
    const files = await writeFolder(out, [['model.safetensors', exported.safetensors], ['model.py', exported.python]]);
    return { format, out, files, bytes: exported.safetensors.length, python: exported.python };
  }
  if (format === 'tfjs') {
    const exported = await exportTfjs(model, { ...input, name: input.name.replace(/[^\w]/g, '_') });
    const files = await writeFolder(out, [[TFJS_WEIGHTS_FILE, exported.weights], ['model.json', exported.modelJson]]);
    return { format, out, files, bytes: exported.weights.length + exported.modelJson.length };
  }
  throw invalidOption`${option('format')} must be one of ${exportFormats.join(', ')}, got "${format}"`;
}

async function writeFolder(dir: string, files: ReadonlyArray<readonly [string, Uint8Array | string]>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, data] of files) {
    await writeFileAtomic(join(dir, name), data);
    written.push(join(dir, name));
  }
  return written;
}
