import { InvalidArgumentError } from './errors.js';

/** The name of an option or field inside an {@link invalidOption} message, kept apart so an app can show its own name for it. */
export class OptionName {
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
}

/** Marks `name` (an option or field, as a program spells it: `maxEpochs`) in an {@link invalidOption} message. */
export function option(name: string): OptionName {
  return new OptionName(name);
}

/**
 * An option or field has a value that is not allowed. Its message names the
 * option as the library's API does (`maxEpochs must be an integer >= 1`);
 * {@link InvalidOptionError.messageNaming} writes the same message with an
 * app's names instead, e.g. a CLI's flags (`--max-epochs must be ...`).
 */
export class InvalidOptionError extends InvalidArgumentError {
  /** The message's text and the options it names, in order. */
  readonly parts: ReadonlyArray<string | OptionName>;
  constructor(parts: ReadonlyArray<string | OptionName>, options?: { cause?: unknown }) {
    super(parts.join(''), options);
    this.parts = parts;
  }

  /** The message with each option written as `rename` gives it. */
  messageNaming(rename: (option: string) => string): string {
    return this.parts.map((part) => (typeof part === 'string' ? part : rename(part.name))).join('');
  }
}

/**
 * Builds an {@link InvalidOptionError} from a template whose {@link option}s
 * stay renameable: `` invalidOption`${option('trials')} must be >= 1, got ${n}` ``.
 */
export function invalidOption(strings: TemplateStringsArray, ...values: unknown[]): InvalidOptionError {
  const parts: Array<string | OptionName> = [];
  strings.forEach((text, i) => {
    if (text !== '') parts.push(text);
    if (i >= values.length) return;
    const value = values[i];
    parts.push(value instanceof OptionName ? value : String(value));
  });
  return new InvalidOptionError(parts);
}
