import { BackendUnavailableError } from './errors.js';

/**
 * Rejects with {@link BackendUnavailableError} if `promise` does not settle
 * within `ms`: backend activation (wasm instantiation, GPU adapters, worker
 * start-up) can hang silently, and the caller must always get an answer.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, backend: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BackendUnavailableError(backend, `activation timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
