import { InvalidOptionError } from '@nnlab/core';
import { parseModelSpec } from '@nnlab/models';
import { describe, expect, it } from 'vitest';
import { checkModelMemory, checkWorkers, memoryLimit, parseMemorySize, WORKER_PROCESS_BYTES } from './memory-limit.js';

const caught = (run: () => void): InvalidOptionError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    return error as InvalidOptionError;
  }
  throw new Error('expected an InvalidOptionError');
};
const flags = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

describe('memory limits', () => {
  it('parses sizes in decimal and binary units, naming maxMemory when it cannot', () => {
    expect([parseMemorySize('8GB'), parseMemorySize('512MiB'), parseMemorySize('1.5gb'), parseMemorySize('1000')]).toEqual([8e9, 512 * 2 ** 20, 1.5e9, 1000]);
    for (const bad of ['8 parsecs', '0', '', '-1GB']) expect(caught(() => parseMemorySize(bad)).messageNaming(flags)).toBe(`--max-memory must be a size like 8GB, 512MiB or a number of bytes, got "${bad}"`);
  });

  it('takes maxMemory when given, else half of this machine', () => {
    expect(memoryLimit(1e6)).toEqual({ bytes: 1e6 });
    const half = memoryLimit(undefined);
    expect(half.bytes).toBe(Math.floor((half.machineBytes ?? 0) / 2));
  });

  it('refuses a model over the limit, naming maxMemory and batchSize', () => {
    const spec = parseModelSpec('mlp:784-300-10');
    expect(() => checkModelMemory(spec, { batchSize: 32, backend: 'cpu', maxMemory: 1e9 })).not.toThrow();
    const error = caught(() => checkModelMemory(spec, { batchSize: 32, backend: 'cpu', maxMemory: 1e6 }));
    expect(error.message).toMatch(/^model mlp:784-300-10 needs about 10\.\d MB to train \(238,510 parameters: .*\), over the 1 MB limit \(maxMemory\); use a smaller model or batchSize$/);
    expect(error.messageNaming(flags)).toMatch(/over the 1 MB limit \(--max-memory\); use a smaller model or --batch-size$/);
  });

  it('refuses more workers than memory holds, saying how many fit', () => {
    expect(() => checkWorkers(2, 2, 0, 2 * WORKER_PROCESS_BYTES)).not.toThrow();
    const error = caught(() => checkWorkers(3, 3, 0, 2 * WORKER_PROCESS_BYTES));
    expect(error.messageNaming(flags)).toMatch(/^--workers 3: 3 trials at once need about 786 MB \(262 MB each: .*\), over the 524 MB limit \(--max-memory\); use --workers 2 or less$/);
  });
});
