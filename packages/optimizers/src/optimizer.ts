import { assertInteger, assertNumber, CheckpointError, FUSED_KERNELS, InvalidArgumentError, ShapeMismatchError } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GradientTransformation, TensorMap, TensorState } from './gradient-transformation.js';
import { type ParameterSource, resolveParameters } from './parameter-source.js';
import { sameShape, stateTensors } from './tensor-map.js';

/**
 * A learning-rate schedule: receives the number of steps already taken (0 for
 * the first step) and returns the rate for the step about to be taken.
 *
 * @example
 * const halveEvery10: Schedule = (step) => 0.1 * 0.5 ** Math.floor(step / 10);
 */
export type Schedule = (step: number) => number;

/** A fixed learning rate or a {@link Schedule}. */
export type LearningRate = number | Schedule;

/**
 * A saved optimizer: step count, the learning rate when it is a number
 * (a schedule is code, so it is not saved), and every state tensor or number
 * under a flat dotted key `<state key>.<parameter name>` (e.g.
 * `"1.firstMoment.0.weight"`).
 */
export interface OptimizerStateDict {
  step: number;
  learningRate?: number;
  state: Record<string, tf.Tensor | number>;
}

function checkLearningRate(value: unknown): LearningRate {
  if (typeof value === 'function') return value as Schedule;
  if (typeof value !== 'number') {
    throw new InvalidArgumentError(
      `learningRate must be a number >= 0 or a schedule (step) => number, got ${String(value)}`,
    );
  }
  return assertNumber('learningRate', value, { min: 0 });
}

/**
 * Owns an optimizer's state for a set of named parameters and applies a
 * {@link GradientTransformation} to them: each `step(gradients)` runs the
 * transform in one `tf.tidy`, does `param.assign(param + update)`, keeps the
 * new state and disposes the state it replaces.
 *
 * Parameters without a gradient in a step are skipped and their state is left
 * as it was. Bias corrections use the optimizer's step count (as optax does),
 * whereas PyTorch counts per parameter; the two differ only for parameters
 * that were skipped on some steps.
 *
 * @example
 * const optimizer = new Optimizer(model, chain(scaleByAdam(), scaleByLearningRate()), { learningRate: 1e-3 });
 * const { grads } = tf.variableGrads(() => loss(model.forward(x), y));
 * optimizer.step(gradientsByName); // keys are model.namedParameters() names
 */
export class Optimizer {
  /** The transform this optimizer applies. */
  readonly transform: GradientTransformation;
  private readonly parameters: Map<string, tf.Variable>;
  private state: TensorState;
  private steps = 0;
  private rate: LearningRate;
  private disposed = false;

  constructor(parameters: ParameterSource, transform: GradientTransformation, options: { learningRate: LearningRate }) {
    this.rate = checkLearningRate(options?.learningRate);
    this.parameters = resolveParameters(parameters);
    this.transform = transform;
    const params = this.params();
    this.state = tf.tidy(() => {
      const state = transform.init(params);
      this.checkState(state, [...this.parameters.keys()], 'init');
      return this.unalias(state, new Set(Object.values(params)));
    });
  }

  /** Parameter names, in the order the optimizer was given them. */
  get parameterNames(): string[] {
    return [...this.parameters.keys()];
  }

  /** The learning rate as set: a number or a schedule. Set it between steps (plateau schedulers do). */
  get learningRate(): LearningRate {
    return this.rate;
  }

  set learningRate(value: LearningRate) {
    this.rate = checkLearningRate(value);
  }

  /** The rate the next `step()` uses (the schedule evaluated at `stepCount`). */
  get currentLearningRate(): number {
    return this.resolveLearningRate(this.steps);
  }

  /** Number of `step()` calls so far (restored by `loadStateDict`). */
  get stepCount(): number {
    return this.steps;
  }

  /**
   * Applies one update. `gradients` is keyed by parameter name; a parameter
   * missing from it is skipped, an unknown name throws.
   *
   * `options.applyIf` (a bool scalar tensor) makes the update conditional on
   * the device: each parameter and state tensor becomes
   * `where(applyIf, new, old)`, so when it is false nothing changes, even if
   * the gradients held NaN, and no value has to be read back to decide. The
   * step count advances either way (the decision is never seen by
   * JavaScript), so schedules and bias corrections count a masked step.
   */
  step(gradients: TensorMap, options: StepOptions = {}): void {
    this.assertLive();
    const names = this.checkGradients(gradients);
    if (options.applyIf !== undefined) checkCondition(options.applyIf);
    const context = { step: this.steps + 1, learningRate: this.resolveLearningRate(this.steps) };
    if (names.length > 0) {
      const all = names.length === this.parameters.size;
      const params = all ? this.params() : this.params(names);
      const grads: TensorMap = {};
      for (const name of names) grads[name] = gradients[name] as tf.Tensor;
      const previous = all ? this.state : restrict(this.state, names);
      const next = tf.tidy(() => {
        const { updates, state } = this.transform.update(grads, previous, params, context);
        this.checkState(state, names, 'update', Object.keys(previous));
        const safe = this.unalias(state, new Set([...Object.values(grads), ...Object.values(params)]));
        for (const name of names) {
          const update = updates[name];
          if (update === undefined) throw new Error(`transform returned no update for parameter "${name}"`);
        }
        const condition = options.applyIf === undefined ? undefined : conditionFor(options.applyIf);
        for (const name of names) {
          const variable = this.parameters.get(name) as tf.Variable;
          const updated = tf.add(variable, updates[name] as tf.Tensor);
          variable.assign(condition === undefined ? updated : condition(updated, variable));
        }
        return condition === undefined ? safe : masked(safe, previous, condition);
      });
      // step() may run inside a caller's tf.tidy (fit does): keep the new state out of that scope.
      for (const tensor of stateTensors(next)) tf.keep(tensor);
      const kept = new Set(stateTensors(next));
      for (const tensor of stateTensors(previous)) if (!kept.has(tensor)) tensor.dispose();
      this.state = all ? next : merge(this.state, next);
    }
    this.steps += 1;
  }

  /** A copy of the state (tensors are clones the caller owns) with the step count and a numeric learning rate. */
  stateDict(): OptimizerStateDict {
    this.assertLive();
    const state: Record<string, tf.Tensor | number> = {};
    for (const [key, value] of Object.entries(this.state)) {
      if (typeof value === 'number') state[key] = value;
      else for (const [name, tensor] of Object.entries(value)) state[`${key}.${name}`] = tf.clone(tensor);
    }
    return typeof this.rate === 'number' ? { step: this.steps, learningRate: this.rate, state } : { step: this.steps, state };
  }

  /**
   * Restores a {@link OptimizerStateDict} from an optimizer of the same kind
   * over the same parameters. Validates every key, shape and dtype before
   * changing anything; copies the tensors (the caller keeps ownership of `dict`).
   * A saved numeric learning rate replaces the current one.
   */
  loadStateDict(dict: OptimizerStateDict): void {
    this.assertLive();
    if (typeof dict !== 'object' || dict === null || typeof dict.state !== 'object' || dict.state === null) {
      throw new CheckpointError('optimizer state dict must be an object with step and state');
    }
    const step = assertInteger('stateDict.step', dict.step, 0);
    if (dict.learningRate !== undefined) assertNumber('stateDict.learningRate', dict.learningRate, { min: 0 });
    const expected = new Set<string>();
    for (const [key, value] of Object.entries(this.state)) {
      if (typeof value === 'number') {
        expected.add(key);
        if (typeof dict.state[key] !== 'number' && key in dict.state) {
          throw new CheckpointError(`optimizer state "${key}" must be a number, got ${describe(dict.state[key])}`);
        }
        continue;
      }
      for (const [name, current] of Object.entries(value)) {
        const full = `${key}.${name}`;
        expected.add(full);
        const saved = dict.state[full];
        if (saved === undefined) continue;
        if (!(saved instanceof tf.Tensor)) {
          throw new CheckpointError(`optimizer state "${full}" must be a tensor, got ${describe(saved)}`);
        }
        if (!sameShape(saved.shape, current.shape) || saved.dtype !== current.dtype) {
          throw new ShapeMismatchError(
            `optimizer state "${full}" has shape [${saved.shape}] (${saved.dtype}), expected [${current.shape}] (${current.dtype})`,
          );
        }
      }
    }
    const missing = [...expected].filter((key) => !(key in dict.state));
    const unexpected = Object.keys(dict.state).filter((key) => !expected.has(key));
    if (missing.length > 0 || unexpected.length > 0) {
      throw new CheckpointError(
        `optimizer state dict does not match this optimizer: missing ${list(missing)}; unexpected ${list(unexpected)}`,
      );
    }
    const next: TensorState = {};
    for (const [key, value] of Object.entries(this.state)) {
      if (typeof value === 'number') {
        next[key] = dict.state[key] as number;
        continue;
      }
      const map: TensorMap = {};
      for (const name of Object.keys(value)) map[name] = tf.clone(dict.state[`${key}.${name}`] as tf.Tensor);
      next[key] = map;
    }
    for (const tensor of stateTensors(this.state)) tensor.dispose();
    this.state = next;
    this.steps = step;
    if (dict.learningRate !== undefined) this.rate = dict.learningRate;
  }

  /** Disposes the state tensors (not the parameters, which belong to their module). */
  dispose(): void {
    if (this.disposed) return;
    for (const tensor of stateTensors(this.state)) tensor.dispose();
    this.state = {};
    this.disposed = true;
  }

  private params(names: Iterable<string> = this.parameters.keys()): TensorMap {
    const params: TensorMap = {};
    for (const name of names) params[name] = this.parameters.get(name) as tf.Variable;
    return params;
  }

  private resolveLearningRate(step: number): number {
    if (typeof this.rate === 'number') return this.rate;
    const value = this.rate(step);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InvalidArgumentError(`learning-rate schedule returned ${String(value)} at step ${step}; expected a finite number >= 0`);
    }
    return value;
  }

  /** Names of the parameters that get an update, in parameter order. */
  private checkGradients(gradients: TensorMap): string[] {
    if (typeof gradients !== 'object' || gradients === null) {
      throw new InvalidArgumentError(`gradients must be an object keyed by parameter name, got ${String(gradients)}`);
    }
    for (const key of Object.keys(gradients)) {
      if (!this.parameters.has(key)) {
        throw new InvalidArgumentError(
          `gradients has an entry "${key}" that is not a parameter of this optimizer; parameters are ${list(this.parameterNames)}`,
        );
      }
    }
    const names: string[] = [];
    for (const [name, variable] of this.parameters) {
      const gradient: unknown = gradients[name];
      if (gradient === undefined || gradient === null) continue;
      if (!(gradient instanceof tf.Tensor)) {
        throw new InvalidArgumentError(`gradient for "${name}" must be a tf.Tensor, got ${describe(gradient)}`);
      }
      if (!sameShape(gradient.shape, variable.shape)) {
        throw new ShapeMismatchError(
          `gradient for "${name}" has shape [${gradient.shape}], but the parameter has shape [${variable.shape}]`,
        );
      }
      names.push(name);
    }
    return names;
  }

  /** Every state map must cover exactly `names` (and `update` keep the keys), or skip/merge would lose tensors. */
  private checkState(state: TensorState, names: readonly string[], phase: string, keys?: readonly string[]): void {
    if (keys !== undefined && (keys.length !== Object.keys(state).length || keys.some((key) => !(key in state)))) {
      throw new Error(`transform ${phase} returned state keys [${Object.keys(state)}], expected [${keys}]`);
    }
    for (const [key, value] of Object.entries(state)) {
      if (typeof value === 'number') continue;
      if (Object.keys(value).length !== names.length || names.some((name) => !(value[name] instanceof tf.Tensor))) {
        throw new Error(`transform ${phase} returned state "${key}" that is not keyed by the parameters being updated`);
      }
    }
  }

  /** State must not hold caller-owned tensors (a gradient or a variable); clone any that slipped through. */
  private unalias(state: TensorState, foreign: Set<tf.Tensor>): TensorState {
    const safe: TensorState = {};
    for (const [key, value] of Object.entries(state)) {
      if (typeof value === 'number') {
        safe[key] = value;
        continue;
      }
      const map: TensorMap = {};
      for (const [name, tensor] of Object.entries(value)) map[name] = foreign.has(tensor) ? tf.clone(tensor) : tensor;
      safe[key] = map;
    }
    return safe;
  }

  private assertLive(): void {
    if (this.disposed) throw new InvalidArgumentError('optimizer has been disposed');
  }
}

/** Options of {@link Optimizer.step}. */
export interface StepOptions {
  /** A bool scalar tensor: apply the update only where it is true (see {@link Optimizer.step}). */
  readonly applyIf?: tf.Tensor;
}

function checkCondition(condition: tf.Tensor): tf.Tensor {
  if (!(condition instanceof tf.Tensor) || condition.size !== 1 || condition.dtype !== 'bool') {
    throw new InvalidArgumentError(`applyIf must be a bool scalar tensor, got ${describe(condition)}`);
  }
  return condition;
}

/**
 * `t` where the condition holds, else `e`. A backend that registers
 * `FUSED_KERNELS.selectIf` (the host-memory ones) picks one buffer without a
 * copy; elsewhere (GPUs) a `tf.where` per tensor, with the condition
 * broadcast once per shape by arithmetic (`tf.broadcastTo` of a bool runs a
 * slow Tile on several backends).
 */
function conditionFor(condition: tf.Tensor): (t: tf.Tensor, e: tf.Tensor) => tf.Tensor {
  const scalar = tf.reshape(condition, []);
  if (tf.getKernel(FUSED_KERNELS.selectIf, tf.getBackend()) !== undefined) {
    return (t, e) => tf.engine().runKernel(FUSED_KERNELS.selectIf, { condition: scalar, t, e }) as tf.Tensor;
  }
  const flag = tf.cast(scalar, 'float32');
  const byShape = new Map<string, tf.Tensor>();
  return (t, e) => {
    const key = t.shape.join(',');
    let full = byShape.get(key);
    if (full === undefined) {
      full = t.rank === 0 ? scalar : tf.greater(tf.add(tf.zeros(t.shape), flag), 0.5);
      byShape.set(key, full);
    }
    return tf.where(full, t, e);
  };
}

/** Each tensor of `next` where the condition holds, else the matching tensor of `previous` (numbers from `next`). */
function masked(next: TensorState, previous: TensorState, select: (t: tf.Tensor, e: tf.Tensor) => tf.Tensor): TensorState {
  const out: TensorState = {};
  for (const [key, value] of Object.entries(next)) {
    const old = previous[key];
    if (typeof value === 'number' || old === undefined || typeof old === 'number') {
      out[key] = value;
      continue;
    }
    out[key] = Object.fromEntries(
      Object.entries(value).map(([name, tensor]) => {
        const before = old[name];
        return [name, before === undefined ? tensor : select(tensor, before)];
      }),
    );
  }
  return out;
}

/** `state` with every tensor map cut down to `names` (numbers kept). */
function restrict(state: TensorState, names: readonly string[]): TensorState {
  const out: TensorState = {};
  for (const [key, value] of Object.entries(state)) {
    if (typeof value === 'number') out[key] = value;
    else out[key] = Object.fromEntries(names.map((name) => [name, value[name] as tf.Tensor]));
  }
  return out;
}

/** `state` with the entries of `partial` written over it. */
function merge(state: TensorState, partial: TensorState): TensorState {
  const out: TensorState = {};
  for (const [key, value] of Object.entries(state)) {
    const update = partial[key];
    if (typeof value === 'number' || update === undefined || typeof update === 'number') out[key] = update ?? value;
    else out[key] = { ...value, ...update };
  }
  return out;
}

function list(items: readonly string[]): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, 8).map((item) => `"${item}"`).join(', ');
  return items.length > 8 ? `${shown} and ${items.length - 8} more` : shown;
}

function describe(value: unknown): string {
  if (value instanceof tf.Tensor) return `a tensor of shape [${value.shape}]`;
  return typeof value === 'object' && value !== null ? 'an object' : String(value);
}
