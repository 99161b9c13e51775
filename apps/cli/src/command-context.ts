import type { BackendProvider } from '@nnlab/core';
import type { Output } from './output.js';

/** What every command's definition gets: the backends it may pick from and where it prints. */
export interface CommandContext {
  readonly backends: readonly BackendProvider[];
  readonly output: Output;
}

/** The backends' names for help text, e.g. `native, tfjs-node, wasm, cpu`. */
export function backendNames(context: CommandContext): string {
  return context.backends.map((b) => b.name).join(', ');
}
