import { totalmem } from 'node:os';
import { InvalidOptionError, invalidOption, type OptionName, option } from '@nnlab/core';
import { estimateModelMemory, formatBytes, type ModelSpec } from '@nnlab/models';

/** Share of the machine's memory a run or sweep may plan to use without `maxMemory`: half. */
export const DEFAULT_MEMORY_SHARE = 0.5;
/** The wasm backend's memory is 32-bit: at most 4 GiB, whatever the machine has. */
export const WASM_MEMORY_BYTES = 4 * 2 ** 30;
/** Values a typed array (one tensor's data) holds at most. */
export const MAX_TENSOR_VALUES = 2 ** 32;
/** What one more Node process (a sweep worker) costs before its model: measured RSS of an idle trial worker, rounded up. */
export const WORKER_PROCESS_BYTES = 250 * 2 ** 20;

/** The memory limit in force; `machineBytes` is set when it is the default share of this machine's memory. */
export interface MemoryLimit {
  readonly bytes: number;
  readonly machineBytes?: number;
}

/** `maxMemory` when given, else {@link DEFAULT_MEMORY_SHARE} of this machine's memory. */
export function memoryLimit(maxMemory: number | undefined): MemoryLimit {
  if (maxMemory !== undefined) return { bytes: maxMemory };
  const total = totalmem();
  return { bytes: Math.floor(total * DEFAULT_MEMORY_SHARE), machineBytes: total };
}

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/**
 * Parses a memory size for `maxMemory`: a number of bytes with an optional
 * unit (`8GB`, `512MiB`, `1.5gb`; decimal KB/MB/GB/TB or binary KiB/MiB/GiB/TiB).
 *
 * @throws InvalidOptionError naming `maxMemory`.
 * @example
 * parseMemorySize('512MiB'); // 536870912
 */
export function parseMemorySize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
  const value = match === null || unit === undefined ? Number.NaN : Number(match[1]) * unit;
  if (!Number.isFinite(value) || value < 1) throw invalidOption`${option('maxMemory')} must be a size like 8GB, 512MiB or a number of bytes, got "${text}"`;
  return Math.floor(value);
}

/** `over the 8 GB limit (maxMemory)`, or `(half of this machine's 16 GB; maxMemory to change)`. */
function overLimit(limit: MemoryLimit): Array<string | OptionName> {
  const source = limit.machineBytes === undefined ? [option('maxMemory')] : [`half of this machine's ${formatBytes(limit.machineBytes)}; `, option('maxMemory'), ' to change'];
  return [`over the ${formatBytes(limit.bytes)} limit (`, ...source, ')'];
}

/**
 * Refuses, before it is built, a model whose training memory (see
 * `estimateModelMemory`) is over the limit, over the wasm backend's 4 GiB, or
 * with a weight larger than one tensor can hold; the message has the
 * estimate and what to change.
 *
 * @throws InvalidOptionError with the estimate, the limit and its source.
 */
export function checkModelMemory(spec: ModelSpec, options: { batchSize: number; backend: string; maxMemory?: number }): void {
  const estimate = estimateModelMemory(spec, { batchSize: options.batchSize });
  const needs =
    `model ${spec.text} needs about ${formatBytes(estimate.bytes)} to train (` +
    `${estimate.parameters.toLocaleString('en-US')} parameters: ${formatBytes(estimate.parameterBytes)} with gradients and optimizer state; ` +
    `activations: ${formatBytes(estimate.activationBytes)}), `;
  const limit = memoryLimit(options.maxMemory);
  if (estimate.bytes > limit.bytes) throw new InvalidOptionError([needs, ...overLimit(limit), '; use a smaller model or ', option('batchSize')]);
  if (options.backend === 'wasm' && estimate.bytes > WASM_MEMORY_BYTES) {
    throw new InvalidOptionError([`${needs}over the 4.29 GB the wasm backend can address; use another backend or a smaller model`]);
  }
  if (estimate.largestTensor > MAX_TENSOR_VALUES) {
    throw new InvalidOptionError([`model ${spec.text} has a weight of ${estimate.largestTensor.toLocaleString('en-US')} values, more than the ${MAX_TENSOR_VALUES.toLocaleString('en-US')} one tensor can hold; use narrower layers`]);
  }
}

/**
 * Refuses more sweep workers than memory allows: each is a Node process
 * ({@link WORKER_PROCESS_BYTES}) plus its largest trial's model.
 *
 * @param requested `workers` as asked for; `workers` the processes that will run at once (no more than the trials).
 * @throws InvalidOptionError with the estimate, the limit and how many fit.
 */
export function checkWorkers(requested: number, workers: number, perTrialBytes: number, maxMemory: number | undefined): void {
  const limit = memoryLimit(maxMemory);
  const each = perTrialBytes + WORKER_PROCESS_BYTES;
  if (workers * each <= limit.bytes) return;
  const fits = Math.floor(limit.bytes / each);
  throw new InvalidOptionError([
    option('workers'),
    ` ${requested}: ${workers} trials at once need about ${formatBytes(workers * each)} (${formatBytes(each)} each: the largest trial's model and a worker process), `,
    ...overLimit(limit),
    '; use ',
    option('workers'),
    ` ${Math.max(1, fits)}${fits < 1 ? ' and a smaller model' : ''} or less`,
  ]);
}
