/** The parts of the Emscripten module the guard patches. */
interface HeapModule {
  _malloc(size: number): number;
  _free(pointer: number): void;
  HEAPU8: Uint8Array;
}

/** Bytes of canary before and after every allocation (a multiple of 16 keeps alignment). */
const GUARD = 64;
const byteAt = (pointer: number, i: number): number => (0xa5 ^ ((pointer + i) & 0xff)) & 0xff;

/** A heap guard: every JavaScript-side allocation carries canaries; `check()` says which were overwritten. */
export interface HeapGuard {
  /** Throws naming the first allocation whose canaries changed. */
  check(): void;
  /** Allocations made through the guard so far. */
  readonly allocations: number;
  /** Puts the module's own malloc/free back (guarded blocks still free correctly). */
  uninstall(): void;
}

/**
 * Wraps the wasm module's `_malloc`/`_free` (which tfjs-backend-wasm calls
 * for every tensor, kernel outputs included) so each block gets 64 bytes of
 * canary on each side. A kernel writing past its output, or before it,
 * changes a canary: `check()` (and every free) finds it, naming the block.
 * Blocks allocated before the guard are freed untouched.
 */
export function installHeapGuard(module: HeapModule): HeapGuard {
  // Emscripten's exports start as stubs that replace themselves (Module._malloc = the real export)
  // on their first call, which would also replace our wrappers: make that happen first.
  module._free(module._malloc(16));
  const malloc = module._malloc.bind(module);
  const free = module._free.bind(module);
  const live = new Map<number, number>();
  let allocations = 0;
  const verify = (pointer: number, size: number): void => {
    const heap = module.HEAPU8;
    for (let i = 1; i <= GUARD; i++) {
      if (heap[pointer - i] !== byteAt(pointer, -i)) throw new Error(`wasm heap: the ${GUARD} bytes before a ${size}-byte block at ${pointer} were overwritten (byte -${i})`);
      if (heap[pointer + size + i - 1] !== byteAt(pointer, size + i - 1)) {
        throw new Error(`wasm heap: the ${GUARD} bytes after a ${size}-byte block at ${pointer} were overwritten (byte +${i - 1} past its end)`);
      }
    }
  };
  module._malloc = (size: number): number => {
    const base = malloc(size + 2 * GUARD);
    if (base === 0) return 0;
    const pointer = base + GUARD;
    const heap = module.HEAPU8;
    for (let i = 1; i <= GUARD; i++) {
      heap[pointer - i] = byteAt(pointer, -i);
      heap[pointer + size + i - 1] = byteAt(pointer, size + i - 1);
    }
    live.set(pointer, size);
    allocations += 1;
    return pointer;
  };
  module._free = (pointer: number): void => {
    const size = live.get(pointer);
    if (size === undefined) {
      free(pointer);
      return;
    }
    live.delete(pointer);
    verify(pointer, size);
    free(pointer - GUARD);
  };
  return {
    check: () => {
      for (const [pointer, size] of live) verify(pointer, size);
    },
    get allocations() {
      return allocations;
    },
    uninstall: () => {
      // Guarded blocks still need their base pointer freed.
      module._malloc = malloc;
      module._free = (pointer: number): void => {
        const size = live.get(pointer);
        if (size === undefined) return free(pointer);
        live.delete(pointer);
        free(pointer - GUARD);
      };
    },
  };
}
