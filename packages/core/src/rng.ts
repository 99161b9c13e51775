import { InvalidArgumentError } from './errors.js';
import { assertInteger } from './validate.js';

/** Serializable RNG state: four 32-bit words plus a cached normal deviate. */
export interface RngState {
  readonly algorithm: 'xoshiro128**';
  readonly words: readonly [number, number, number, number];
  readonly spareNormal: number | null;
}

/** splitmix32: spreads a small integer seed over 32 bits (used only to seed). */
function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Seeded pseudo-random generator (xoshiro128**) behind everything random in
 * nnlab: initialisation, shuffling, dropout seeds, augmentation.
 *
 * Hand-written rather than taken from npm because its state must be saved in
 * checkpoints and restored bit-exactly, in Node and the browser alike, and
 * the whole algorithm is a dozen lines.
 *
 * @example
 * const rng = new Rng(42);
 * rng.float();          // uniform in [0, 1)
 * rng.permutation(10);  // seeded shuffle of 0..9
 * const child = rng.fork('init'); // independent stream
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /** @param seed any integer in [0, 2^32); the same seed gives the same stream everywhere. */
  constructor(seed: number) {
    assertInteger('seed', seed, 0, 0xffffffff);
    const next = splitmix32(seed);
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Restores a generator saved with {@link Rng.getState}. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.float();
  }

  /** Standard normal deviate (Box-Muller; the second deviate is kept for the next call). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.float();
    const v = this.float();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spare = radius * Math.sin(2 * Math.PI * v);
    return mean + std * radius * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [0, n). Unbiased (rejection sampling). */
  int(n: number): number {
    assertInteger('n', n, 1, 0x100000000);
    const limit = 0x100000000 - (0x100000000 % n);
    let x = this.uint32();
    while (x >= limit) x = this.uint32();
    return x % n;
  }

  /** A seed for tfjs random ops (`tf.randomUniform(..., seed)`), drawn from this stream. */
  seed(): number {
    return this.uint32();
  }

  /** Shuffles `array` in place (Fisher-Yates) and returns it. */
  shuffle<T, A extends { length: number; [index: number]: T }>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i] as T;
      array[i] = array[j] as T;
      array[j] = tmp;
    }
    return array;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    assertInteger('n', n, 0);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle<number, Int32Array>(out);
  }

  /** Fills a Float32Array with normal deviates. */
  normalArray(length: number, mean = 0, std = 1): Float32Array {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Fills a Float32Array with uniform deviates in [low, high). */
  uniformArray(length: number, low: number, high: number): Float32Array {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /**
   * An independent generator derived from this one. With a label, the child
   * depends only on this generator's current state and the label, so adding a
   * new consumer with its own label does not shift the others' streams.
   */
  fork(label?: string): Rng {
    if (label === undefined) return new Rng(this.uint32());
    const child = Rng.fromState(this.getState());
    const mix = splitmix32(hashLabel(label));
    child.s0 ^= mix();
    child.s1 ^= mix();
    child.s2 ^= mix();
    child.s3 ^= mix();
    if ((child.s0 | child.s1 | child.s2 | child.s3) === 0) child.s0 = 1;
    child.spare = null;
    return child;
  }

  /** The full state, as plain JSON-safe data. */
  getState(): RngState {
    return {
      algorithm: 'xoshiro128**',
      words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0],
      spareNormal: this.spare,
    };
  }

  /** Restores a state from {@link Rng.getState}. */
  setState(state: RngState): void {
    const words = state?.words;
    if (state?.algorithm !== 'xoshiro128**' || !Array.isArray(words) || words.length !== 4) {
      throw new InvalidArgumentError('RNG state must come from Rng.getState() (algorithm "xoshiro128**", four 32-bit words)');
    }
    [this.s0, this.s1, this.s2, this.s3] = words.map((w) => w >>> 0) as [number, number, number, number];
    this.spare = state.spareNormal ?? null;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
