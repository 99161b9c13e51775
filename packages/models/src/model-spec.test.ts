import { InvalidArgumentError } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { parseModelSpec } from './model-spec.js';

describe('parseModelSpec', () => {
  it.each([
    ['mlp', [784, 300, 10], 'relu', 0, 'mlp:784-300-10'],
    ['mlp-deep', [784, 1200, 1200, 1200, 400, 100, 10], 'leaky_relu', 0, 'mlp:784-1200-1200-1200-400-100-10,activation=leaky_relu'],
    ['mlp:3-5-3', [3, 5, 3], 'relu', 0, 'mlp:3-5-3'],
    ['mlp:784-100-10,activation=sigmoid,dropout=0.25', [784, 100, 10], 'sigmoid', 0.25, 'mlp:784-100-10,activation=sigmoid,dropout=0.25'],
  ])('parses %s', (text, sizes, activation, dropout, canonical) => {
    const spec = parseModelSpec(text);
    expect(spec).toMatchObject({ kind: 'mlp', sizes, activation, dropout, text: canonical });
    expect(parseModelSpec(spec.text)).toEqual(spec);
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
  ])('rejects %j with a clear error', (text, message) => {
    expect(() => parseModelSpec(text)).toThrow(InvalidArgumentError);
    expect(() => parseModelSpec(text)).toThrow(message);
  });
});
