import { InvalidOptionError } from '@nnlab/core';
import { UsageError } from './usage-error.js';

/** The flag that sets a library option (every flag is its option's name in kebab-case): `maxEpochs` -> `--max-epochs`. */
export function flagOf(option: string): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * An error's message as the CLI shows it. The libraries name their options
 * (`maxEpochs must be an integer >= 1`); a user of the CLI set them with
 * flags, so those names become flags (`--max-epochs must be ...`).
 */
export function flagMessage(error: unknown): string {
  if (error instanceof InvalidOptionError) return error.messageNaming(flagOf);
  return (error as Error)?.message ?? String(error);
}

/** Runs `parse` on a flag's value: a library's `InvalidOptionError` becomes a usage error (exit code 2) worded with flags. */
export function asUsageError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidOptionError) throw new UsageError(flagMessage(error), { cause: error });
    throw error;
  }
}
