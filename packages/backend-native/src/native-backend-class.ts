import * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { Float32Pool } from './float32-pool.js';

/** What the native kernels need from the backend beyond the cpu backend's storage. */
export interface NativeStorage {
  /** An output buffer for a native kernel (maybe recycled, so dirty: write every element). */
  takeFloat32(length: number): Float32Array;
  /** Marks the data of `info` as visible to JavaScript code that may keep or alias it. */
  exposeData(info: tf.TensorInfo): void;
  /**
   * A float32 output computed only when something reads it: `compute` fills
   * the buffer on first access to its values (by any kernel, `dataSync`,
   * ...). `inputs` stay alive until then; if the output is disposed unread,
   * nothing is computed.
   */
  deferFloat32(shape: number[], compute: (out: Float32Array) => void, inputs: readonly tf.TensorInfo[]): tf.TensorInfo;
  /** Counters of the output-buffer pool. */
  readonly poolStats: Float32Pool['stats'];
  /** Deferred outputs created and how many of them were computed. */
  readonly deferredStats: { readonly deferred: number; readonly computed: number };
}

export function isNativeStorage(backend: unknown): backend is NativeStorage {
  return typeof (backend as Partial<NativeStorage> | null)?.takeFloat32 === 'function';
}

/** A deferred output still holding its inputs. */
interface Deferred {
  /** The values if computed, without computing them. */
  peek(): Float32Array | undefined;
  /** Lets go of the inputs (once). */
  release(): void;
}

/**
 * The native tfjs backend class: tfjs-backend-cpu's `MathBackendCPU` (its
 * storage, so every cpu kernel runs on it unchanged) plus a pool that
 * recycles native kernels' output buffers, and outputs computed on first
 * read. Built from the class passed in because `@tensorflow/tfjs-backend-cpu`
 * is only imported on activation.
 */
export function nativeBackendClass(Base: typeof MathBackendCPU): new () => MathBackendCPU & NativeStorage {
  return class NativeBackend extends Base implements NativeStorage {
    private readonly pool = new Float32Pool();
    private readonly deferred = new Map<tf.DataId, Deferred>();
    private deferredCount = 0;
    private computedCount = 0;

    get poolStats(): Float32Pool['stats'] {
      return this.pool.stats;
    }

    get deferredStats(): { readonly deferred: number; readonly computed: number } {
      return { deferred: this.deferredCount, computed: this.computedCount };
    }

    takeFloat32(length: number): Float32Array {
      return this.pool.take(length);
    }

    exposeData(info: tf.TensorInfo): void {
      // data.get() of an id this backend never stored asks the engine to move it here.
      if (this.data.has(info.dataId)) this.pool.expose(this.data.get(info.dataId)?.values);
    }

    deferFloat32(shape: number[], compute: (out: Float32Array) => void, tensors: readonly tf.TensorInfo[]): tf.TensorInfo {
      // Data ids as of now: an input may be a tf.Variable, whose dataId changes on assign.
      const inputs = tensors.map((t) => t.dataId);
      for (const input of inputs) this.incRef(input);
      const info = this.makeTensorInfo(shape, 'float32');
      const entry = this.data.get(info.dataId);
      if (entry === undefined) throw new Error('native backend: deferred output has no data entry');
      let values: Float32Array | undefined;
      let holding = true;
      const release = (): void => {
        if (!holding) return;
        holding = false;
        this.deferred.delete(info.dataId);
        for (const input of inputs) {
          // When the engine disposed the input's last tensor, our hold made disposeData say
          // "not freed", so the engine kept its entry; now that it is freed, drop that entry too.
          if (this.disposeData(input) && !this.data.has(input)) tf.engine().removeDataId(input, this);
        }
      };
      let size = 1;
      for (const d of shape) size *= d;
      // The cpu backend and its kernels read `entry.values`; refCount updates do not touch it.
      Object.defineProperty(entry, 'values', {
        configurable: true,
        enumerable: true,
        get: () => {
          if (values === undefined) {
            values = this.pool.take(size);
            compute(values);
            this.computedCount += 1;
            release();
          }
          return values;
        },
        set: (replacement: Float32Array) => {
          values = replacement;
          release();
        },
      });
      this.deferred.set(info.dataId, { peek: () => values, release });
      this.deferredCount += 1;
      return info;
    }

    override readSync(dataId: tf.DataId): tf.backend_util.BackendValues {
      const values = super.readSync(dataId);
      this.pool.expose(values);
      return values;
    }

    override async read(dataId: tf.DataId): Promise<tf.backend_util.BackendValues> {
      const values = await super.read(dataId);
      this.pool.expose(values);
      return values;
    }

    override disposeData(dataId: tf.DataId, force = false): boolean {
      const deferred = this.deferred.get(dataId);
      // Peek at deferred values: reading `values` would compute them.
      const present = this.data.has(dataId);
      // Only has() before get(): get() of an id this backend never stored asks the engine to
      // move the data here, which disposes it here again, forever.
      const values = deferred !== undefined ? deferred.peek() : present ? this.data.get(dataId)?.values : undefined;
      const released = super.disposeData(dataId, force);
      if (released && present && !this.data.has(dataId)) {
        deferred?.release();
        if (values !== undefined) this.pool.release(values);
      }
      return released;
    }

    override dispose(): void {
      this.pool.clear();
      super.dispose();
    }
  };
}
