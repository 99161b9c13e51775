import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { InvalidOptionError, invalidOption, option } from './invalid-option-error.js';

describe('invalidOption', () => {
  it('names options as the API does, and as an app does through messageNaming', () => {
    const error = invalidOption`${option('maxEpochs')} must be >= ${1}, got ${'x'}; lower ${option('trials')}`;
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.code).toBe('E_INVALID_ARGUMENT');
    expect(error.message).toBe('maxEpochs must be >= 1, got x; lower trials');
    const flag = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    expect(error.messageNaming(flag)).toBe('--max-epochs must be >= 1, got x; lower --trials');
  });

  it('leaves values that look like option names alone', () => {
    const error = invalidOption`${option('strategy')} ${'grid'} needs a ${option('grid')}`;
    expect(error.messageNaming((name) => `--${name}`)).toBe('--strategy grid needs a --grid');
  });
});
