import * as tf from '@tensorflow/tfjs-core';
import type { DifferentialCase } from './differential-cases.js';

interface Outcome {
  readonly error?: string;
  /** Tensors the call left behind. */
  leaked?: number;
  readonly outputs: ReadonlyArray<{ shape: number[]; dtype: string; values: ArrayLike<number> }>;
}

async function evaluate(testCase: DifferentialCase, backend: string): Promise<Outcome> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const outcome = await evaluateOnce(testCase);
  outcome.leaked = tf.memory().numTensors - before;
  return outcome;
}

async function evaluateOnce(testCase: DifferentialCase): Promise<Outcome> {
  try {
    tf.engine().startScope();
    try {
      const inputs = testCase.inputs.map((input) => tf.tensor(input.values as number[], input.shape as number[], input.dtype));
      const out = testCase.run(...inputs);
      const outputs = (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync() as ArrayLike<number>) }));
      return { outputs };
    } finally {
      tf.engine().endScope();
    }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), outputs: [] };
  }
}

function close(actual: number, expected: number, scale: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= 1e-4 * scale + 1e-4 * Math.abs(expected);
}

/** Why `actual` differs from `expected`, or undefined when it matches. */
function difference(actual: Outcome, expected: Outcome): string | undefined {
  if (actual.leaked !== 0) return `${actual.leaked} tensors leaked${actual.error === undefined ? '' : ` (it threw "${actual.error}")`}`;
  if (expected.error !== undefined || actual.error !== undefined) {
    // Both refusing the call is agreement; one refusing is not.
    if (expected.error !== undefined && actual.error !== undefined) return undefined;
    return expected.error !== undefined ? `reference threw "${expected.error}" but the backend returned a result` : `threw "${actual.error}"`;
  }
  if (actual.outputs.length !== expected.outputs.length) return `${actual.outputs.length} outputs, expected ${expected.outputs.length}`;
  for (const [k, want] of expected.outputs.entries()) {
    const got = actual.outputs[k] as Outcome['outputs'][number];
    if (got.dtype !== want.dtype || !tf.util.arraysEqual(got.shape, want.shape)) return `output ${k} is ${got.dtype} [${got.shape}], expected ${want.dtype} [${want.shape}]`;
    let scale = 1;
    for (let i = 0; i < want.values.length; i++) if (Number.isFinite(want.values[i])) scale = Math.max(scale, Math.abs(want.values[i] as number));
    for (let i = 0; i < want.values.length; i++) {
      if (!close(got.values[i] as number, want.values[i] as number, scale)) return `output ${k}[${i}] = ${got.values[i]}, expected ${want.values[i]}`;
    }
  }
  return undefined;
}

/**
 * Runs every case on `reference` and on `backend` (tfjs backend names, both
 * registered) and returns one line per case whose shape, dtype, values (NaN
 * where the reference has NaN, 1e-4 relative to the output's largest value)
 * or refusal differ, or that leaks tensors. `afterCase` runs after each case
 * on the backend (a heap check); an exception from it is reported against that
 * case and ends the run.
 */
export async function runDifferentialCases(
  cases: readonly DifferentialCase[],
  backend: string,
  reference = 'cpu',
  afterCase?: (testCase: DifferentialCase) => void,
): Promise<string[]> {
  const failures: string[] = [];
  for (const testCase of cases) {
    const expected = await evaluate(testCase, reference);
    const actual = await evaluate(testCase, backend);
    try {
      afterCase?.(testCase);
    } catch (error) {
      failures.push(`${testCase.name}: ${error instanceof Error ? error.message : String(error)}`);
      break;
    }
    const why = difference(actual, expected);
    if (why !== undefined) failures.push(`${testCase.name}: ${why}`);
    // A WebAssembly trap leaves the module in an unknown state: what follows would only repeat it.
    if (actual.error?.includes('memory access out of bounds') === true) break;
  }
  return failures;
}
