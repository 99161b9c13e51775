import { invalidOption, option } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { flagMessage, flagOf } from './flag-message.js';

describe('flagMessage', () => {
  it('shows the options a library error names as the flags that set them', () => {
    const error = invalidOption`${option('trials')} needs a ${option('space')}; use ${option('maxEpochs')} or ${option('validationSplit')}`;
    expect(error.message).toBe('trials needs a space; use maxEpochs or validationSplit');
    expect(flagMessage(error)).toBe('--trials needs a --space; use --max-epochs or --validation-split');
  });

  it('leaves other errors as they are', () => {
    expect(flagMessage(new Error('disk full'))).toBe('disk full');
    expect(flagMessage('plain')).toBe('plain');
    expect(flagOf('lr')).toBe('--lr');
  });
});
