import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { buildRecipeModel, recipeModelKind } from './recipe-model.js';
import { recipes } from './recipes.js';

describe('recipe models', () => {
  it('builds jax-js demo convnet: 28x28x1 images to 10 logits, 111,386 parameters as PyTorch counts them', async () => {
    await cpuBackend.activate();
    const model = buildRecipeModel('jaxjs-convnet', new Rng(0));
    const out = tf.tidy(() => model.forward(tf.zeros([2, 28, 28, 1])));
    expect(out.shape).toEqual([2, 10]);
    out.dispose();
    // conv 24*25+24, conv 32*24*9+32, fc 800*128+128, fc 128*10+10
    expect(model.parameters().reduce((sum, p) => sum + p.size, 0)).toBe(624 + 6944 + 102528 + 1290);
    model.dispose();
  });

  it('knows every recipe model', () => {
    expect(recipes.map((r) => recipeModelKind(r.model))).toEqual(['mlp', 'cnn', 'mlp', 'cnn']);
  });
});
