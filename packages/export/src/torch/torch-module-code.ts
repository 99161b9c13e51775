import { InvalidArgumentError } from '@nnlab/core';
import {
  AvgPool2d, BatchNorm1d, BatchNorm2d, Conv2d, Dropout, Flatten, Identity, layerType, LeakyReLU, Linear, LogSoftmax, MaxPool2d, type Module, ReLU, Sequential, Sigmoid, Softmax, Tanh,
} from '@nnlab/layers';

const pair = (values: readonly number[]): string => (values[0] === values[1] ? String(values[0]) : `(${values.join(', ')})`);
const bool = (value: boolean): string => (value ? 'True' : 'False');

/** The PyTorch constructor call for one nnlab layer (names and defaults as in `torch.nn`). */
function leafCode(layer: Module, path: string, what: string): string {
  if (layer instanceof Linear) return `nn.Linear(${layer.inFeatures}, ${layer.outFeatures}, bias=${bool(layer.bias !== null)})`;
  if (layer instanceof Conv2d) {
    const padding = layer.padding === 'same' ? "'same'" : pair(layer.padding);
    return `nn.Conv2d(${layer.inChannels}, ${layer.outChannels}, ${pair(layer.kernelSize)}, stride=${pair(layer.stride)}, padding=${padding}, bias=${bool(layer.bias !== null)})`;
  }
  if (layer instanceof MaxPool2d) return `nn.MaxPool2d(${pair(layer.kernelSize)}, stride=${pair(layer.stride)}, padding=${pair(layer.padding)})`;
  if (layer instanceof AvgPool2d) return `nn.AvgPool2d(${pair(layer.kernelSize)}, stride=${pair(layer.stride)}, padding=${pair(layer.padding)}, count_include_pad=${bool(layer.countIncludePad)})`;
  if (layer instanceof BatchNorm1d || layer instanceof BatchNorm2d) {
    const momentum = layer.momentum === null ? 'None' : String(layer.momentum);
    return `nn.${layerType(layer)}(${layer.numFeatures}, eps=${layer.eps}, momentum=${momentum}, affine=${bool(layer.affine)}, track_running_stats=${bool(layer.trackRunningStats)})`;
  }
  if (layer instanceof Dropout) return `nn.Dropout(${layer.p})`;
  if (layer instanceof Identity) return 'nn.Identity()';
  if (layer instanceof Flatten) return 'nn.Flatten()';
  if (layer instanceof ReLU) return 'nn.ReLU()';
  if (layer instanceof LeakyReLU) return `nn.LeakyReLU(${layer.negativeSlope})`;
  if (layer instanceof Sigmoid) return 'nn.Sigmoid()';
  if (layer instanceof Tanh) return 'nn.Tanh()';
  if (layer instanceof Softmax) return 'nn.Softmax(dim=-1)';
  if (layer instanceof LogSoftmax) return 'nn.LogSoftmax(dim=-1)';
  throw new InvalidArgumentError(`${what}: layer ${path || '(the model)'} (${layerType(layer)}) has no PyTorch counterpart here`);
}

/**
 * Python source building the same module tree as `model` with `torch.nn`:
 * `nn.Sequential` children at the same indices, so PyTorch's state-dict
 * names are nnlab's. Images go in NCHW, as PyTorch layers take them.
 */
export function torchModuleCode(model: Module, what: string, indent = ''): string {
  return code(model, '', what, indent);
}

function code(module: Module, path: string, what: string, indent: string): string {
  if (!(module instanceof Sequential)) return leafCode(module, path, what);
  const inner = `${indent}    `;
  const children = module.namedChildren().map(([name, child]) => `${inner}${code(child, path === '' ? name : `${path}.${name}`, what, inner)},  # ${name}`);
  return `nn.Sequential(\n${children.join('\n')}\n${indent})`;
}
