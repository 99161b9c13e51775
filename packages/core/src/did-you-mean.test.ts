import { describe, expect, it } from 'vitest';
import { closestName, didYouMean } from './did-you-mean.js';

describe('closestName', () => {
  it.each([
    ['mlpp', ['mlp', 'mlp-deep', 'cnn'], 'mlp'],
    ['mpl', ['mlp', 'mlp-deep', 'cnn', 'cnn3'], 'mlp'],
    ['mnist10k', ['mnist-10k', 'mnist', 'fashion-mnist'], 'mnist-10k'],
    ['wsm', ['native', 'wasm', 'cpu'], 'wasm'],
    ['Fashion-MNIST', ['mnist', 'fashion-mnist'], 'fashion-mnist'],
    ['cnnn', ['mlp', 'cnn', 'cnn2', 'cnn3'], 'cnn'],
  ])('suggests the name one typo away: %s', (value, known, expected) => {
    expect(closestName(value, known)).toBe(expected);
  });

  it('suggests nothing for a name that is not close to any', () => {
    expect(closestName('resnet', ['mlp', 'mlp-deep', 'cnn'])).toBeUndefined();
    expect(closestName('imagenet', ['mnist-10k', 'mnist', 'fashion-mnist'])).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });

  it('ends a message with a did-you-mean clause or nothing', () => {
    expect(didYouMean('mpl', ['mlp', 'cnn'])).toBe(' (did you mean "mlp"?)');
    expect(didYouMean('resnet', ['mlp', 'cnn'])).toBe('');
  });
});
