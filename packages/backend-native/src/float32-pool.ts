/**
 * Recycles large Float32Array outputs of native kernels. Allocating a fresh
 * 1 MB typed array in V8 costs 200-300 us (calloc, page faults, external-
 * memory GC pressure), twice what the C++ op itself takes, and a training
 * step allocates dozens of them with the same few sizes every step.
 *
 * A buffer is only ever recycled when nothing else can still see it: it was
 * allocated here, its tensor's data was released, and it was never handed
 * out (read by the user or the engine, or passed to a JavaScript kernel,
 * which may alias it, e.g. Slice's `subarray`). {@link expose} records the
 * latter. Recycled buffers are dirty: every native kernel writes its whole
 * output.
 */
export class Float32Pool {
  /** Buffers below this many elements are cheap to allocate and not pooled. */
  static readonly MIN_LENGTH = 4096;
  private readonly free = new Map<number, Float32Array[]>();
  private readonly recyclable = new WeakSet<Float32Array>();
  private pooledBytes = 0;
  private takes = 0;
  private reuses = 0;

  /** @param maxBytes Most bytes kept idle in the pool (default 256 MiB); beyond it released buffers go to the GC. */
  constructor(private readonly maxBytes = 256 * 1024 * 1024) {}

  /** A Float32Array of `length` elements with arbitrary contents. */
  take(length: number): Float32Array {
    if (length < Float32Pool.MIN_LENGTH) return new Float32Array(length);
    this.takes += 1;
    const list = this.free.get(length);
    let buffer = list?.pop();
    if (buffer === undefined) {
      buffer = new Float32Array(length);
    } else {
      this.pooledBytes -= buffer.byteLength;
      this.reuses += 1;
      if (list?.length === 0) this.free.delete(length);
    }
    this.recyclable.add(buffer);
    return buffer;
  }

  /** Marks `values` as seen outside the native kernels: it will never be recycled. */
  expose(values: unknown): void {
    if (values instanceof Float32Array) this.recyclable.delete(values);
  }

  /** Called when the data holding `values` is released; keeps it if it is safe to reuse. */
  release(values: unknown): void {
    if (!(values instanceof Float32Array) || !this.recyclable.has(values)) return;
    this.recyclable.delete(values);
    if (this.pooledBytes + values.byteLength > this.maxBytes) return;
    const list = this.free.get(values.length);
    if (list === undefined) this.free.set(values.length, [values]);
    else list.push(values);
    this.pooledBytes += values.byteLength;
  }

  /** Pooled-size buffers handed out, how many of them were recycled, and the bytes now idle. */
  get stats(): { readonly takes: number; readonly reuses: number; readonly idleBytes: number } {
    return { takes: this.takes, reuses: this.reuses, idleBytes: this.pooledBytes };
  }

  /** Drops every idle buffer (the GC frees them). */
  clear(): void {
    this.free.clear();
    this.pooledBytes = 0;
  }
}
