import { InvalidArgumentError as CommanderInvalidArgument } from 'commander';
import { flagMessage } from './flag-message.js';
import { MAX_SEED, parseIntegerOption, parseNumberOption } from './usage-error.js';

/** Adapts our option parsers to commander, whose own error type makes it report a usage error. */
export function flag<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new CommanderInvalidArgument(flagMessage(error).replace(/^--[\w-]+ must be /, 'must be '));
    }
  };
}

/** A number > 0, e.g. `--lr`. */
export const positiveNumber = (name: string) => flag((t) => parseNumberOption(name, t, (n) => n > 0, 'a number > 0'));
/** A number >= 0, e.g. `--momentum`. */
export const nonNegativeNumber = (name: string) => flag((t) => parseNumberOption(name, t, (n) => n >= 0, 'a number >= 0'));
/** An integer >= `min` (default 1). */
export const integer = (name: string, min = 1) => flag((t) => parseIntegerOption(name, t, min));
/** `--seed`: checked with the other flags, before any data is loaded (the generator would refuse it only later). */
export const seed = flag((t) => parseIntegerOption('--seed', t, 0, MAX_SEED));
/** A fraction in [0, 1), e.g. `--validation-split`. */
export const fraction = (name: string) => flag((t) => parseNumberOption(name, t, (n) => n >= 0 && n < 1, 'a fraction in [0, 1)'));

/** The help line of every command's `--json`. */
export const JSON_HELP = 'print the result as one JSON document on stdout (human lines and progress go to stderr; on failure an {"error": ...} object)';
