import { assertInteger, assertNumber, InvalidArgumentError, Rng } from '@nnlab/core';
import type { Module } from '@nnlab/layers';
import * as tf from '@tensorflow/tfjs-core';
import { withEvalMode } from './evaluate.js';
import type { LossFunction } from './types.js';

/**
 * Default central-difference step. In float32 the numerical gradient has two
 * errors: rounding, about `|loss| * 2^-24 / epsilon` (the loss is a float32
 * number), and truncation, about `epsilon^2 * |f'''| / 6`. Their sum is
 * smallest near epsilon = 1e-2 for losses and weights of order 1. Measured on
 * the lab's 3-5-3 network (batch 5, cross-entropy, 40 seeds), median (max)
 * relative difference: ReLU 3e-5 (2e-4), tanh 5e-5 (2e-4), sigmoid 1e-4 (1e-3)
 * at 1e-2; at 1e-3 rounding dominates: 3e-4 (4e-3) for ReLU, 1e-3 (5e-3) for
 * sigmoid. A float64 check reaches ~1e-11, but tfjs has no float64 on cpu.
 */
export const GRADCHECK_DEFAULT_EPSILON = 1e-2;

/**
 * Default pass mark for {@link GradcheckResult.passed}: 5x the worst correct
 * float32 result measured at the default epsilon (~1e-3, sigmoid), and below
 * the 1e-2 from which a gradient is "probably wrong" (a wrong one typically
 * gives 1e-1 or more). The float64 labs' 1e-9 is out of reach in float32.
 */
export const GRADCHECK_DEFAULT_TOLERANCE = 5e-3;

/** Options for {@link gradcheck}. */
export interface GradcheckOptions {
  /** Central-difference step (default {@link GRADCHECK_DEFAULT_EPSILON}). */
  readonly epsilon?: number;
  /** Names (as in `model.namedParameters()`) of the parameters to check (default: all). */
  readonly parameters?: readonly string[];
  /** Check at most this many elements per parameter, a seeded random subset (default: every element). */
  readonly maxElementsPerParameter?: number;
  /** Seed of the subset choice (default 0). */
  readonly seed?: number;
  /**
   * L2 regularisation strength λ: the checked objective becomes
   * `loss + λ/2 * Σ ||W||²` over every parameter whose name ends in `weight`
   * (biases are not regularised, as in the labs). Default 0.
   */
  readonly l2?: number;
  /** `passed` is `maxRelativeDifference <= tolerance` (default {@link GRADCHECK_DEFAULT_TOLERANCE}). */
  readonly tolerance?: number;
  /**
   * Leave out elements whose ±epsilon interval holds a kink (default true);
   * costs two more loss evaluations per element. See {@link gradcheck}.
   */
  readonly skipKinks?: boolean;
}

/** The check of one parameter. */
export interface ParameterGradcheck {
  readonly name: string;
  readonly shape: number[];
  /** `||numerical - analytic|| / ||numerical + analytic||` over the checked elements (0 when both are zero). */
  readonly relativeDifference: number;
  /** Largest `|numerical - analytic|` over the checked elements. */
  readonly maxAbsoluteDifference: number;
  /**
   * The relative difference float32 rounding of the loss alone gives this
   * parameter: `sqrt(checked) * |loss| * 2^-24 / epsilon` (one rounding of the
   * loss per evaluation, per element) over `||numerical + analytic||`. A
   * parameter whose gradients are tiny next to the loss (an input layer fed
   * small inputs) has a high floor, and a `relativeDifference` near it says
   * the check cannot resolve that gradient in float32, not that it is wrong.
   */
  readonly roundingFloor: number;
  /** Elements compared (sampled, minus those skipped at kinks). */
  readonly checkedElements: number;
  /** Sampled elements left out because the loss has a kink within ±epsilon of them. */
  readonly kinkElements: number;
  readonly totalElements: number;
}

/** What {@link gradcheck} found. */
export interface GradcheckResult {
  readonly parameters: ParameterGradcheck[];
  /** Largest per-parameter relative difference. */
  readonly maxRelativeDifference: number;
  readonly maxAbsoluteDifference: number;
  /** Elements left out at kinks, over all parameters. */
  readonly kinkElements: number;
  /** The objective (loss plus L2 term) at the unperturbed parameters. */
  readonly loss: number;
  readonly epsilon: number;
  readonly l2: number;
  readonly tolerance: number;
  readonly passed: boolean;
}

/**
 * Compares the analytic gradients of `loss(model.forward(inputs), targets)`
 * (from `tf.variableGrads`, i.e. nnlab's registered gradient functions) with
 * central differences `(L(w + ε) - L(w - ε)) / 2ε`, element by element, for
 * every parameter (or those named), and reports the lab's relative difference
 * `||num - ana|| / ||num + ana||` per parameter.
 *
 * Runs in float32 (tfjs has no float64 on its cpu backend), so expect ~1e-5
 * to 1e-3 for a correct gradient at the default ε = 1e-2, not the ~1e-11 a
 * float64 check reaches (see {@link GRADCHECK_DEFAULT_EPSILON}). The step
 * actually taken is the float32-rounded `fround(w + ε) - fround(w - ε)`, which
 * removes one source of error.
 *
 * Kinks: where the loss is not smooth within ±ε (a ReLU input crossing 0, a
 * max-pool tie) the central difference is wrong whatever the precision, and
 * with float32's ε = 1e-2 it happens on a third of 3-5-3 ReLU checks. Each element's
 * loss is therefore also evaluated at w ± ε/2 and compared with the parabola
 * through w - ε, w, w + ε: on a smooth loss they agree to float32 rounding
 * (measured: under 5 units of `|loss| * 2^-23 / ε`), across a kink they
 * differ by hundreds of units (at ε ≲ 1e-2; from ~3e-2 truncation alone
 * exceeds the mark on smooth losses). Elements over 30 units are left out of the
 * comparison and counted in `kinkElements` (`skipKinks: false` keeps them).
 * The test uses loss values only, never the analytic gradient, so it cannot
 * hide a wrong gradient on the smooth part.
 *
 * The model runs in eval mode (no dropout) and every parameter is restored
 * bit-exactly. Costs four forward passes per checked element (two with
 * `skipKinks: false`): use small shapes or `maxElementsPerParameter`.
 *
 * @example
 * const model = mlp([3, 5, 3], { rng: new Rng(0), activation: 'tanh' });
 * const result = await gradcheck(model, crossEntropy, tf.randomNormal([5, 3]), tf.tensor1d([0, 2, 1, 1, 0], 'int32'), { l2: 0.1 });
 * result.maxRelativeDifference; // ~5e-5
 * result.passed; // true (<= 5e-3)
 */
export async function gradcheck(model: Module, loss: LossFunction, inputs: tf.Tensor, targets: tf.Tensor, options: GradcheckOptions = {}): Promise<GradcheckResult> {
  const epsilon = assertNumber('gradcheck epsilon', options.epsilon ?? GRADCHECK_DEFAULT_EPSILON, { min: 0, exclusiveMin: true });
  const l2 = assertNumber('gradcheck l2', options.l2 ?? 0, { min: 0 });
  const tolerance = assertNumber('gradcheck tolerance', options.tolerance ?? GRADCHECK_DEFAULT_TOLERANCE, { min: 0 });
  const skipKinks = options.skipKinks ?? true;
  const maxElements = options.maxElementsPerParameter === undefined ? Infinity : assertInteger('gradcheck maxElementsPerParameter', options.maxElementsPerParameter, 1);
  const seed = assertInteger('gradcheck seed', options.seed ?? 0, 0, 0xffffffff);
  const all = model.namedParameters();
  const checked = selectParameters(all, options.parameters);
  const regularised = all.filter(([name]) => name === 'weight' || name.endsWith('.weight')).map(([, variable]) => variable);

  const objective = (): tf.Scalar =>
    tf.tidy(() => {
      const value = loss(model.forward(inputs), targets);
      if (l2 === 0 || regularised.length === 0) return value;
      const squares = tf.addN(regularised.map((w) => tf.sum(tf.square(w))));
      return tf.add(value, tf.mul(squares, l2 / 2));
    });
  const evaluate = async (): Promise<number> => {
    const value = objective();
    try {
      return (await value.data())[0] ?? Number.NaN;
    } finally {
      value.dispose();
    }
  };

  return withEvalMode(model, async () => {
    const gradients = tf.tidy(() => {
      const { grads } = tf.variableGrads(objective, checked.map(([, variable]) => variable));
      return checked.map(([, variable]) => grads[variable.name] as tf.Tensor);
    });
    let analytic: Float64Array[];
    try {
      analytic = await Promise.all(gradients.map(async (gradient) => Float64Array.from(await gradient.data())));
    } finally {
      tf.dispose(gradients);
    }
    const lossValue = await evaluate();
    const parameters: ParameterGradcheck[] = [];
    for (const [p, [name, variable]] of checked.entries()) {
      const indices = pickIndices(variable.size, maxElements, seed, name);
      const numerical = await centralDifferences(variable, indices, epsilon, evaluate, skipKinks ? lossValue : undefined);
      parameters.push(compare(name, variable, indices, numerical, analytic[p] as Float64Array, Math.abs(lossValue) * 2 ** -24 / epsilon));
    }
    const maxRelativeDifference = Math.max(0, ...parameters.map((p) => p.relativeDifference));
    return {
      parameters,
      maxRelativeDifference,
      maxAbsoluteDifference: Math.max(0, ...parameters.map((p) => p.maxAbsoluteDifference)),
      kinkElements: parameters.reduce((total, p) => total + p.kinkElements, 0),
      loss: lossValue,
      epsilon,
      l2,
      tolerance,
      passed: maxRelativeDifference <= tolerance,
    };
  });
}

function selectParameters(all: Array<[string, tf.Variable]>, names: readonly string[] | undefined): Array<[string, tf.Variable]> {
  if (all.length === 0) throw new InvalidArgumentError('gradcheck: the model has no parameters to check');
  if (names === undefined) return all;
  const known = new Map(all);
  for (const name of names) {
    if (!known.has(name)) {
      throw new InvalidArgumentError(`gradcheck parameters: "${name}" is not a parameter of the model; parameters are ${all.map(([n]) => `"${n}"`).join(', ')}`);
    }
  }
  return all.filter(([name]) => names.includes(name));
}

/** Every index, or a sorted seeded sample of `max` of them (forked per parameter so adding one does not reshuffle the others). */
function pickIndices(size: number, max: number, seed: number, name: string): Int32Array {
  if (size <= max) return Int32Array.from({ length: size }, (_, i) => i);
  return new Rng(seed).fork(name).permutation(size).slice(0, max).sort();
}

/** Loss-parabola residuals above this many units of float32 rounding mean a kink (smooth losses measure under 5). */
const KINK_THRESHOLD = 30;

interface NumericalGradient {
  readonly values: Float64Array;
  /** 1 where the loss has a kink within ±epsilon. */
  readonly kinks: Uint8Array;
}

/**
 * Central differences at `indices`, and (when `center`, the unperturbed loss,
 * is given) a kink flag per element. The variable is restored to its exact
 * original values afterwards.
 */
async function centralDifferences(
  variable: tf.Variable,
  indices: Int32Array,
  epsilon: number,
  evaluate: () => Promise<number>,
  center: number | undefined,
): Promise<NumericalGradient> {
  const original = Float32Array.from(await variable.data());
  const values = Float32Array.from(original);
  const at = (index: number, value: number): Promise<number> => {
    values[index] = value;
    // The cpu backend keeps the array it is given (no copy): hand it a copy.
    const tensor = tf.tensor(Float32Array.from(values), variable.shape, 'float32');
    values[index] = original[index] as number;
    variable.assign(tensor);
    tensor.dispose();
    return evaluate();
  };
  const result = new Float64Array(indices.length);
  const kinks = new Uint8Array(indices.length);
  try {
    for (const [k, index] of indices.entries()) {
      const w = original[index] as number;
      const plus = Math.fround(w + epsilon);
      const minus = Math.fround(w - epsilon);
      const above = await at(index, plus);
      const below = await at(index, minus);
      result[k] = (above - below) / (plus - minus);
      if (center === undefined) continue;
      const halfAbove = await at(index, Math.fround(w + epsilon / 2));
      const halfBelow = await at(index, Math.fround(w - epsilon / 2));
      // The parabola through (-ε, below), (0, center), (ε, above), read at ±ε/2.
      const slope = (above - below) / 4;
      const curve = (above - 2 * center + below) / 8;
      const residual = Math.max(Math.abs(halfAbove - (center + slope + curve)), Math.abs(halfBelow - (center - slope + curve)));
      const rounding = (Math.max(Math.abs(center), Math.abs(above), Math.abs(below)) * 2 ** -23) / epsilon;
      // 4 * residual / ε bounds the error a kink puts into the central difference.
      if ((4 * residual) / epsilon > KINK_THRESHOLD * rounding) kinks[k] = 1;
    }
  } finally {
    const tensor = tf.tensor(Float32Array.from(original), variable.shape, 'float32');
    variable.assign(tensor);
    tensor.dispose();
  }
  return { values: result, kinks };
}

function compare(name: string, variable: tf.Variable, indices: Int32Array, numerical: NumericalGradient, analytic: Float64Array, roundingPerElement: number): ParameterGradcheck {
  let difference = 0;
  let sum = 0;
  let maxAbsoluteDifference = 0;
  let kinkElements = 0;
  indices.forEach((index, k) => {
    if (numerical.kinks[k] === 1) {
      kinkElements += 1;
      return;
    }
    const n = numerical.values[k] as number;
    const a = analytic[index] as number;
    difference += (n - a) ** 2;
    sum += (n + a) ** 2;
    maxAbsoluteDifference = Math.max(maxAbsoluteDifference, Math.abs(n - a));
  });
  const relativeDifference = sum === 0 ? (difference === 0 ? 0 : Infinity) : Math.sqrt(difference) / Math.sqrt(sum);
  const checked = indices.length - kinkElements;
  const roundingNorm = Math.sqrt(checked) * roundingPerElement;
  return {
    name,
    shape: [...variable.shape],
    relativeDifference,
    maxAbsoluteDifference,
    roundingFloor: sum === 0 ? (roundingNorm === 0 ? 0 : Infinity) : roundingNorm / Math.sqrt(sum),
    checkedElements: checked,
    kinkElements,
    totalElements: variable.size,
  };
}
