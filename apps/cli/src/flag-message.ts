import { InvalidOptionError } from '@nnlab/core';

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
