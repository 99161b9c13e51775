import { availableParallelism, totalmem } from 'node:os';
import { InvalidArgumentError } from '@nnlab/core';
import { estimateModelMemory, type ModelSpec } from '@nnlab/models';
import { UsageError } from './usage-error.js';

/** Share of the machine's memory one command may plan to use without `--max-memory`: half. */
export const DEFAULT_MEMORY_SHARE = 0.5;
/** The wasm backend's memory is 32-bit: at most 4 GiB, whatever the machine has. */
export const WASM_MEMORY_BYTES = 4 * 2 ** 30;
/** Values a typed array (one tensor's data) holds at most. */
export const MAX_TENSOR_VALUES = 2 ** 32;
/** What one more Node process (a sweep worker) costs before its model: measured RSS of an idle trial worker, rounded up. */
export const WORKER_PROCESS_BYTES = 250 * 2 ** 20;

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/**
 * Parses `--max-memory`: a number of bytes with an optional unit (`8GB`,
 * `512MiB`, `1.5gb`; decimal KB/MB/GB/TB or binary KiB/MiB/GiB/TiB).
 *
 * @throws UsageError naming the flag.
 */
export function parseMemorySize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
  const value = match === null || unit === undefined ? Number.NaN : Number(match[1]) * unit;
  if (!Number.isFinite(value) || value < 1) throw new UsageError(`--max-memory must be a size like 8GB, 512MiB or a number of bytes, got "${text}"`);
  return Math.floor(value);
}

/** The memory limit in force and where it comes from, for messages. */
export interface MemoryLimit {
  readonly bytes: number;
  readonly source: string;
}

/** `--max-memory` when given, else {@link DEFAULT_MEMORY_SHARE} of this machine's memory. */
export function memoryLimit(maxMemory: number | undefined): MemoryLimit {
  if (maxMemory !== undefined) return { bytes: maxMemory, source: '--max-memory' };
  const total = totalmem();
  return { bytes: Math.floor(total * DEFAULT_MEMORY_SHARE), source: `half of this machine's ${formatBytes(total)}; --max-memory to change` };
}

/** `12.6 GB`, `350 MB`: decimal units, 3 significant figures. */
export function formatBytes(bytes: number): string {
  const [unit, scale] = bytes >= 1e12 ? ['TB', 1e12] : bytes >= 1e9 ? ['GB', 1e9] : bytes >= 1e6 ? ['MB', 1e6] : ['kB', 1e3];
  return `${Number((bytes / scale).toPrecision(3))} ${unit}`;
}

/**
 * Refuses, before it is built, a model whose training memory (see
 * `estimateModelMemory`) is over the limit, over the wasm backend's 4 GiB, or
 * with a weight larger than one tensor can hold; the message has the
 * estimate and what to change.
 *
 * @throws InvalidArgumentError with the estimate, the limit and its source.
 */
export function checkModelMemory(spec: ModelSpec, options: { batchSize: number; backend: string; maxMemory?: number }): void {
  const estimate = estimateModelMemory(spec, { batchSize: options.batchSize });
  const parts =
    `${estimate.parameters.toLocaleString('en-US')} parameters: ${formatBytes(estimate.parameterBytes)} with gradients and optimizer state; ` +
    `activations: ${formatBytes(estimate.activationBytes)}`;
  const limit = memoryLimit(options.maxMemory);
  if (estimate.bytes > limit.bytes) {
    throw new InvalidArgumentError(
      `model ${spec.text} needs about ${formatBytes(estimate.bytes)} to train (${parts}), over the ${formatBytes(limit.bytes)} limit (${limit.source}); ` +
        'use a smaller model or --batch-size',
    );
  }
  if (options.backend === 'wasm' && estimate.bytes > WASM_MEMORY_BYTES) {
    throw new InvalidArgumentError(`model ${spec.text} needs about ${formatBytes(estimate.bytes)} to train (${parts}), over the 4.29 GB the wasm backend can address; use another backend or a smaller model`);
  }
  if (estimate.largestTensor > MAX_TENSOR_VALUES) {
    throw new InvalidArgumentError(`model ${spec.text} has a weight of ${estimate.largestTensor.toLocaleString('en-US')} values, more than the ${MAX_TENSOR_VALUES.toLocaleString('en-US')} one tensor can hold; use narrower layers`);
  }
}

/**
 * Checks `sweep --workers` against the machine: above the core count is a
 * warning (trials take turns, no faster); above what memory allows (each
 * worker a Node process plus its largest trial's model) is refused.
 *
 * @param requested `--workers` as given; `workers` the processes that will run at once (no more than the trials).
 * @returns the warning line to print, if any.
 * @throws InvalidArgumentError with the estimate and the limit.
 */
export function checkWorkers(requested: number, workers: number, perTrialBytes: number, maxMemory: number | undefined): string | undefined {
  const limit = memoryLimit(maxMemory);
  const each = perTrialBytes + WORKER_PROCESS_BYTES;
  if (workers * each > limit.bytes) {
    const fits = Math.floor(limit.bytes / each);
    throw new InvalidArgumentError(
      `--workers ${requested}: ${workers} trials at once need about ${formatBytes(workers * each)} (${formatBytes(each)} each: the largest trial's model and a worker process), ` +
        `over the ${formatBytes(limit.bytes)} limit (${limit.source}); use --workers ${Math.max(1, fits)}${fits < 1 ? ' and a smaller model' : ''} or less`,
    );
  }
  const cores = availableParallelism();
  return requested > cores ? `--workers ${requested} is more than the ${cores} cores here: trials will take turns on them, which is slower, not faster` : undefined;
}
