import { InvalidArgumentError } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { modelInputShape, modelInputSize, modelOutputSize, parseModelSpec } from './model-spec.js';

describe('parseModelSpec', () => {
  it.each([
    ['mlp', [784, 300, 10], 'relu', 0, 'mlp:784-300-10'],
    ['mlp-deep', [784, 1200, 1200, 1200, 400, 100, 10], 'leaky_relu', 0, 'mlp:784-1200-1200-1200-400-100-10,activation=leaky_relu'],
    ['mlp:3-5-3', [3, 5, 3], 'relu', 0, 'mlp:3-5-3'],
    ['mlp:784-100-10,activation=sigmoid,dropout=0.25', [784, 100, 10], 'sigmoid', 0.25, 'mlp:784-100-10,activation=sigmoid,dropout=0.25'],
  ])('parses %s', (text, sizes, activation, dropout, canonical) => {
    const spec = parseModelSpec(text);
    expect(spec).toMatchObject({ kind: 'mlp', sizes, activation, dropout, batchNorm: false, text: canonical });
    expect(parseModelSpec(spec.text)).toEqual(spec);
    expect(modelInputShape(spec)).toEqual([sizes[0]]);
  });

  it('parses batchnorm and writes it in the canonical order', () => {
    const spec = parseModelSpec('mlp:784-1200-10,dropout=0.2,batchnorm=true,activation=leaky_relu');
    expect(spec).toMatchObject({ kind: 'mlp', batchNorm: true, dropout: 0.2, text: 'mlp:784-1200-10,activation=leaky_relu,batchnorm=true,dropout=0.2' });
    expect(parseModelSpec(spec.text)).toEqual(spec);
    expect(parseModelSpec('mlp:784-10,batchnorm=false').text).toBe('mlp:784-10');
  });

  it.each(['cnn', 'cnn2', 'cnn3', ' cnn3 '])('parses the lab CNN %j with its input shape', (text) => {
    const spec = parseModelSpec(text);
    expect(spec).toEqual({ kind: 'cnn', name: text.trim(), text: text.trim(), inputShape: [28, 28, 1], numClasses: 10 });
    expect(modelInputShape(spec)).toEqual([28, 28, 1]);
    expect(modelInputSize(spec)).toBe(784);
    expect(modelOutputSize(spec)).toBe(10);
  });

  it.each([
    ['', /empty model string/],
    ['resnet', /unknown model "resnet"/],
    ['mlp:', /layer sizes "" must be/],
    ['mlp:784-x-10', /layer sizes "784-x-10"/],
    ['mlp:784', /two or more/],
    ['mlp:784-0-10', /positive integers/],
    ['mlp:784-10,activation=gelu', /unknown activation "gelu"/],
    ['mlp:784-10,dropout=1.5', /dropout must be in \[0, 1\)/],
    ['mlp:784-10,width', /must look like key=value/],
    ['mlp:784-10,color=red', /unknown option "color"/],
    ['mlp:784-10,batchnorm=yes', /batchnorm must be true or false, got "yes"/],
    ['cnn4', /unknown model "cnn4"/],
    ['cnn:28-10', /cnn is a fixed architecture and takes no sizes/],
    ['cnn3,dropout=0.1', /cnn3 takes no options, got "dropout=0\.1"/],
  ])('rejects %j with a clear error', (text, message) => {
    expect(() => parseModelSpec(text)).toThrow(InvalidArgumentError);
    expect(() => parseModelSpec(text)).toThrow(message);
  });
});
