import * as tf from '@tensorflow/tfjs-core';
import { listLayers, type Module } from '@nnlab/layers';
import { encodeSafetensors, toSafetensorsTensor, toTorchStateDict } from '@nnlab/checkpoint';
import { checkModelInput, type ModelInput, perChannel } from './model-input.js';
import { flattenFeatureOrders } from './torch/flatten-feature-orders.js';
import { torchModuleCode } from './torch/torch-module-code.js';

/** Options of {@link exportTorch}. */
export interface ExportTorchOptions extends ModelInput {
  /** Name of the weights file the Python code loads (default `model.safetensors`). */
  readonly weightsFile?: string;
}

/** What {@link exportTorch} returns. */
export interface TorchExport {
  /** The state dict for PyTorch's `load_state_dict(strict=True)`: names, layouts and (c, h, w) feature order as PyTorch's. */
  readonly safetensors: Uint8Array;
  /** `model.py`: the `nn.Sequential`, a dependency-free safetensors reader, the preprocessing and `predict(pixels)`. */
  readonly python: string;
  /** Both, by file name. */
  readonly files: Readonly<Record<string, Uint8Array>>;
}

/**
 * Exports a model for PyTorch: a safetensors state dict in PyTorch's names
 * and layouts (Linear `[out, in]`, Conv2d OIHW, and the Linear after a
 * Flatten reordered from nnlab's (h, w, c) features to PyTorch's (c, h, w)),
 * and `model.py`, which builds the same `nn.Sequential` (children at the
 * same indices), loads the file with `strict=True` and defines
 * `predict(pixels)` for nnlab-layout pixels (`[N, H, W, C]` in [0, 1]):
 * normalisation, NCHW, softmax. The reverse is `importTorch`.
 *
 * @example
 * const { files } = await exportTorch(model, { inputShape: [28, 28, 1], normalization: { mean: [0.1307], std: [0.3081] } });
 * // write both files into one folder; then: python3 model.py
 */
export async function exportTorch(model: Module, options: ExportTorchOptions): Promise<TorchExport> {
  checkModelInput('exportTorch', options);
  const reorders = flattenFeatureOrders(listLayers(model, options.inputShape, 'exportTorch'), 'exportTorch');
  const moduleCode = torchModuleCode(model, 'exportTorch');
  const entries = toTorchStateDict(model);
  let safetensors: Uint8Array;
  try {
    const tensors = await Promise.all(
      entries.map(async ([name, tensor]) => {
        const reorder = reorders.get(name);
        const value = reorder === undefined ? tensor : tf.tidy(() => tf.gather(tensor, Array.from(reorder.order), reorder.axis));
        try {
          return [name, await toSafetensorsTensor(name, value)] as const;
        } finally {
          if (value !== tensor) value.dispose();
        }
      }),
    );
    safetensors = encodeSafetensors(tensors, { format: 'pt' });
  } finally {
    tf.dispose(entries.map(([, tensor]) => tensor));
  }
  const weightsFile = options.weightsFile ?? 'model.safetensors';
  const python = pythonModule(moduleCode, weightsFile, options);
  return { safetensors, python, files: { [weightsFile]: safetensors, 'model.py': new TextEncoder().encode(python) } };
}

function pythonModule(moduleCode: string, weightsFile: string, input: ModelInput): string {
  const image = input.inputShape.length === 3;
  const channels = input.inputShape[input.inputShape.length - 1] as number;
  const list = (values: readonly number[]): string => `[${values.map((v) => String(v)).join(', ')}]`;
  const normalization =
    input.normalization === null
      ? 'MEAN, STD = None, None  # trained on raw pixels in [0, 1]'
      : `MEAN = torch.tensor(${list(perChannel(input.normalization.mean, channels))})\nSTD = torch.tensor(${list(perChannel(input.normalization.std, channels))})`;
  return `"""An nnlab model for PyTorch, written by nnlab's exportTorch (nnlab export --format torch).

    python3 model.py          # loads ${weightsFile} beside this file and prints the model

In a program: from model import model, predict; predict(pixels) takes float32
pixels in [0, 1] shaped [N, ${input.inputShape.join(', ')}] (nnlab's channels-last layout) and
returns class probabilities; model(x) takes normalised${image ? ' NCHW' : ''} input and returns logits.
"""
import json
import os
import struct

import torch
from torch import nn

model = ${moduleCode}

INPUT_SHAPE = ${list(input.inputShape)}
CLASS_NAMES = ${input.classNames === undefined ? 'None' : JSON.stringify(input.classNames)}
${normalization}

_DTYPES = {'F32': torch.float32, 'F64': torch.float64, 'I32': torch.int32, 'I64': torch.int64}


def load_safetensors(path):
    """Reads a safetensors file with struct and json (no safetensors package needed)."""
    with open(path, 'rb') as f:
        data = f.read()
    (length,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + length])
    header.pop('__metadata__', None)
    tensors = {}
    for name, entry in header.items():
        begin, end = entry['data_offsets']
        raw = bytearray(data[8 + length + begin:8 + length + end])
        tensors[name] = torch.frombuffer(raw, dtype=_DTYPES[entry['dtype']]).reshape(entry['shape']).clone()
    return tensors


model.load_state_dict(load_safetensors(os.path.join(os.path.dirname(os.path.abspath(__file__)), ${JSON.stringify(weightsFile)})), strict=True)
model.eval()


def predict(pixels):
    """Class probabilities for float32 pixels in [0, 1], shaped [N, ${input.inputShape.join(', ')}] (channels last)."""
    x = torch.as_tensor(pixels, dtype=torch.float32)
    if MEAN is not None:
        x = (x - MEAN) / STD${image ? '\n    x = x.permute(0, 3, 1, 2)  # NHWC -> NCHW' : ''}
    with torch.no_grad():
        return torch.softmax(model(x), dim=-1)


if __name__ == '__main__':
    print(model)
    print('probabilities of a zero image:', predict(torch.zeros([1] + INPUT_SHAPE))[0].tolist())
`;
}
