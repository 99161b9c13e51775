import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, InvalidArgumentError, Rng } from '@nnlab/core';
import type { NamedTorchLayout, TorchLayout } from './torch-layout.js';

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /**
   * When true (the default) the dictionary must hold exactly this module's
   * parameter and buffer names; when false, missing and unexpected keys are
   * reported in the result instead of thrown. Shapes must match either way.
   */
  strict?: boolean;
}

/** What {@link Module.loadStateDict} did not load (always empty when `strict`). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/**
 * Base class of every layer and model, shaped like PyTorch's `nn.Module`.
 *
 * A module owns its parameters (trainable `tf.Variable`s), its buffers
 * (non-trainable `tf.Variable`s such as running statistics) and its child
 * modules, all registered explicitly in the constructor. Names are dotted
 * paths in registration order (`0.weight`, `encoder.1.bias`), which is the
 * key format of {@link Module.stateDict} and of `@nnlab/optimizers`.
 *
 * Tensor ownership: a module owns what it registers and frees it in
 * {@link Module.dispose}; `forward` returns a new tensor owned by the caller.
 *
 * @example
 * class Affine extends Module {
 *   readonly scale: tf.Variable;
 *   constructor() {
 *     super();
 *     this.scale = this.registerParameter('scale', tf.ones([3]));
 *   }
 *   forward(x: tf.Tensor): tf.Tensor {
 *     return tf.mul(x, this.scale);
 *   }
 * }
 */
export abstract class Module {
  /** Whether the module is in training mode (dropout active, ...). Set with {@link Module.train}. */
  training = true;

  private readonly ownParameters = new Map<string, tf.Variable>();
  private readonly ownBuffers = new Map<string, tf.Variable>();
  private readonly ownChildren = new Map<string, Module>();
  private readonly ownRngs = new Map<string, Rng>();
  private disposed = false;

  /** Computes the module's output for `x`. The result belongs to the caller. */
  abstract forward(x: tf.Tensor): tf.Tensor;

  /**
   * Registers a trainable parameter and returns its variable. A tensor is
   * wrapped in a new trainable `tf.Variable` and the module takes ownership of
   * it (the tensor itself is released); a trainable variable is adopted as is.
   */
  protected registerParameter(name: string, value: tf.Tensor | tf.Variable): tf.Variable {
    this.checkNewName(name);
    const variable = this.adopt(value, true);
    this.ownParameters.set(name, variable);
    return variable;
  }

  /**
   * Registers a buffer: state saved in {@link Module.stateDict} but not trained
   * (batch-norm running statistics). Buffers are non-trainable variables so
   * that updates (`buffer.assign(next)`) and checkpoint loads happen in place.
   */
  protected registerBuffer(name: string, value: tf.Tensor): tf.Variable {
    this.checkNewName(name);
    const variable = this.adopt(value, false);
    this.ownBuffers.set(name, variable);
    return variable;
  }

  /** Registers a child module under `name`; its parameters appear as `name.<child name>`. */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.checkNewName(name);
    if (!(module instanceof Module)) {
      throw new InvalidArgumentError(`module "${name}" must be a Module instance, got ${String(module)}`);
    }
    this.ownChildren.set(name, module);
    return module;
  }

  /**
   * Registers a random generator the module draws from while training
   * (dropout masks), so checkpoints can save and restore its state; see
   * {@link Module.namedRngs}. Returns `rng`.
   */
  protected registerRng(name: string, rng: Rng): Rng {
    this.checkNewName(name);
    if (!(rng instanceof Rng)) throw new InvalidArgumentError(`rng "${name}" must be an Rng from @nnlab/core, got ${String(rng)}`);
    this.ownRngs.set(name, rng);
    return rng;
  }

  /**
   * `[dottedName, rng]` for every generator registered with `registerRng`
   * here and in descendants (`3.rng` for a dropout layer at index 3), each
   * generator once. Saving `rng.getState()` of each and restoring it with
   * `setState` makes a resumed run draw the same masks as an unbroken one.
   */
  namedRngs(): Array<[string, Rng]> {
    const out: Array<[string, Rng]> = [];
    const seen = new Set<Rng>();
    this.walk((module, prefix) => {
      for (const [name, rng] of module.ownRngs) {
        if (seen.has(rng)) continue;
        seen.add(rng);
        out.push([prefix + name, rng]);
      }
    });
    return out;
  }

  /**
   * For every parameter and buffer, in {@link Module.stateDict} order: its
   * nnlab name, its PyTorch name and the axis permutation from nnlab's layout
   * to PyTorch's (from each module's {@link Module.torchLayout}). Checkpoints
   * use it to write tensors PyTorch loads as they are.
   */
  namedTorchLayouts(): NamedTorchLayout[] {
    const out: NamedTorchLayout[] = [];
    const seen = new Set<tf.Variable>();
    this.walk((module, prefix) => {
      for (const [name, variable] of [...module.ownParameters, ...module.ownBuffers]) {
        if (seen.has(variable)) continue;
        seen.add(variable);
        const layout = module.torchLayout(name);
        out.push({
          name: prefix + name,
          torchName: prefix + layout.name,
          ...(layout.permutation === undefined ? {} : { permutation: [...layout.permutation] }),
        });
      }
    });
    return out;
  }

  /** Parameters of this module and all descendants, each once, in registration order. */
  parameters(): tf.Variable[] {
    return this.namedParameters().map(([, variable]) => variable);
  }

  /**
   * `[dottedName, variable]` for every parameter, own parameters first, then
   * each child's in registration order (PyTorch's `named_parameters`). A
   * variable shared by two modules is listed once, under its first name.
   */
  namedParameters(): Array<[string, tf.Variable]> {
    return this.collect((module) => module.ownParameters);
  }

  /** `[dottedName, variable]` for every buffer, in the same order as {@link Module.namedParameters}. */
  namedBuffers(): Array<[string, tf.Variable]> {
    return this.collect((module) => module.ownBuffers);
  }

  /** Direct children in registration order. */
  children(): Module[] {
    return [...this.ownChildren.values()];
  }

  /** `[name, child]` for the direct children in registration order. */
  namedChildren(): Array<[string, Module]> {
    return [...this.ownChildren.entries()];
  }

  /** Sets training mode on this module and every descendant; returns `this`. */
  train(mode = true): this {
    this.training = mode;
    for (const child of this.ownChildren.values()) child.train(mode);
    return this;
  }

  /** Evaluation mode: same as `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Total number of scalar values in all parameters. */
  numParameters(): number {
    return this.parameters().reduce((total, variable) => total + variable.size, 0);
  }

  /**
   * Copies of every parameter and buffer keyed by dotted name (parameters and
   * buffers of each module together, as PyTorch orders them). The caller owns
   * the returned tensors and must dispose them.
   */
  stateDict(): Record<string, tf.Tensor> {
    const state: Record<string, tf.Tensor> = {};
    for (const [name, variable] of this.namedState()) state[name] = tf.keep(tf.clone(variable));
    return state;
  }

  /**
   * Copies values from `dict` into this module's parameters and buffers, in
   * place, so optimizers holding the variables keep working. Everything is
   * checked before anything is written: with `strict` (default) missing and
   * unexpected names are an error; shape or dtype mismatches always are. The
   * caller keeps ownership of `dict`'s tensors.
   *
   * @throws CheckpointError naming every missing, unexpected and mis-shaped key.
   */
  loadStateDict(dict: Record<string, tf.Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const { strict = true } = options;
    const targets = new Map(this.namedState());
    const missingKeys = [...targets.keys()].filter((name) => !(name in dict));
    const unexpectedKeys = Object.keys(dict).filter((name) => !targets.has(name));
    const mismatched: string[] = [];
    for (const [name, variable] of targets) {
      const value = dict[name];
      if (value === undefined) continue;
      if (!tf.util.arraysEqual(value.shape, variable.shape) || value.dtype !== variable.dtype) {
        mismatched.push(
          `${name} (expected ${variable.dtype} [${variable.shape.join(', ')}], got ${value.dtype} [${value.shape.join(', ')}])`,
        );
      }
    }
    const problems: string[] = [];
    if (strict && missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.join(', ')}`);
    if (strict && unexpectedKeys.length > 0) problems.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
    if (mismatched.length > 0) problems.push(`shape or dtype mismatch: ${mismatched.join('; ')}`);
    if (problems.length > 0) {
      throw new CheckpointError(`loadStateDict(${this.constructor.name}): ${problems.join('; ')}`);
    }
    for (const [name, variable] of targets) {
      const value = dict[name];
      // assign() shares the data with `value` (reference counted), so the caller may dispose it.
      // Assigning a variable to itself would release its data first, hence the identity check.
      if (value !== undefined && value !== variable) variable.assign(value);
    }
    return { missingKeys, unexpectedKeys };
  }

  /** Frees every parameter and buffer of this module and its descendants. Safe to call twice. */
  dispose(): void {
    const seen = new Set<tf.Variable>();
    this.disposeInto(seen);
  }

  /**
   * A PyTorch-like multi-line summary:
   * `Sequential(\n  (0): Linear(inFeatures=3, outFeatures=5, bias=true)\n  (1): ReLU()\n)`.
   */
  toString(): string {
    const name = this.constructor.name;
    const extra = this.extraRepr();
    if (this.ownChildren.size === 0) return `${name}(${extra})`;
    const lines: string[] = [];
    if (extra !== '') lines.push(`  ${extra}`);
    for (const [childName, child] of this.ownChildren) {
      lines.push(`  (${childName}): ${child.toString().split('\n').join('\n  ')}`);
    }
    return `${name}(\n${lines.join('\n')}\n)`;
  }

  /**
   * How own parameter or buffer `name` appears in the equivalent PyTorch
   * module. The default is the same name and layout; layers that store a
   * tensor in another axis order override it (`Linear.weight` is `[in, out]`
   * here and `[out, in]` in PyTorch, so Linear returns permutation `[1, 0]`).
   */
  protected torchLayout(name: string): TorchLayout {
    return { name };
  }

  /** The text inside the parentheses of {@link Module.toString}; subclasses describe their settings here. */
  protected extraRepr(): string {
    return '';
  }

  private namedState(): Array<[string, tf.Variable]> {
    return this.collect((module) => new Map([...module.ownParameters, ...module.ownBuffers]));
  }

  /** Calls `visit` on this module and every descendant, depth first, with its dotted prefix. */
  private walk(visit: (module: Module, prefix: string) => void, prefix = ''): void {
    visit(this, prefix);
    for (const [name, child] of this.ownChildren) child.walk(visit, `${prefix}${name}.`);
  }

  private collect(pick: (module: Module) => Map<string, tf.Variable>): Array<[string, tf.Variable]> {
    const out: Array<[string, tf.Variable]> = [];
    const seen = new Set<tf.Variable>();
    const visit = (module: Module, prefix: string): void => {
      for (const [name, variable] of pick(module)) {
        if (seen.has(variable)) continue;
        seen.add(variable);
        out.push([prefix + name, variable]);
      }
      for (const [name, child] of module.ownChildren) visit(child, `${prefix}${name}.`);
    };
    visit(this, '');
    return out;
  }

  private disposeInto(seen: Set<tf.Variable>): void {
    if (!this.disposed) {
      for (const variable of [...this.ownParameters.values(), ...this.ownBuffers.values()]) {
        if (seen.has(variable) || variable.isDisposed) continue;
        seen.add(variable);
        variable.dispose();
      }
      this.disposed = true;
    }
    for (const child of this.ownChildren.values()) child.disposeInto(seen);
  }

  private adopt(value: tf.Tensor | tf.Variable, trainable: boolean): tf.Variable {
    if (!(value instanceof tf.Tensor)) {
      throw new InvalidArgumentError(`expected a tf.Tensor or tf.Variable, got ${String(value)}`);
    }
    if (value instanceof tf.Variable && value.trainable === trainable) return value;
    const variable = tf.variable(value, trainable);
    // The variable shares the tensor's data (reference counted), so releasing the tensor frees nothing it needs.
    if (!(value instanceof tf.Variable)) value.dispose();
    return variable;
  }

  private checkNewName(name: string): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new InvalidArgumentError(`name must be a non-empty string without ".", got ${JSON.stringify(name)}`);
    }
    if (this.ownParameters.has(name) || this.ownBuffers.has(name) || this.ownChildren.has(name) || this.ownRngs.has(name)) {
      throw new InvalidArgumentError(`name "${name}" is already registered on ${this.constructor.name}`);
    }
  }
}
