import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { buildModel, parseModelSpec } from '@nnlab/models';
import { adam } from '@nnlab/optimizers';
import { tempDirs } from './checkpoint.test-helper.js';
import { saveCheckpoint } from './save-checkpoint.js';

/**
 * PyTorch's side of this test is tools/checkpoint_to_torch.py, run once on the checkpoint this
 * test writes (set NNLAB_TORCH_CHECKPOINT_DIR to keep it): it loads model.safetensors into the
 * matching torch.nn.Sequential with load_state_dict(strict=True), no transposes, and records the
 * file's SHA-256 and its logits for fixed inputs. Tests never run PyTorch themselves.
 */
const FIXTURE = join(import.meta.dirname, 'fixtures', 'torch-predictions.json');
const SPEC = 'mlp:12-10-6-3,activation=tanh';

interface TorchFixture {
  readonly model: string;
  readonly modelSha256: string;
  readonly stateDict: Record<string, number[]>;
  readonly inputs: number[][];
  readonly logits: number[][];
}

const dirs = tempDirs();
beforeAll(async () => {
  await cpuBackend.activate();
});
afterAll(dirs.cleanup);

describe('model.safetensors loads into PyTorch unchanged', () => {
  it('PyTorch read the same bytes nnlab writes and predicts the same logits', async () => {
    const dir = process.env.NNLAB_TORCH_CHECKPOINT_DIR ?? (await dirs.make());
    const model = buildModel(parseModelSpec(SPEC), { rng: new Rng(2024) });
    const optimizer = adam(model);
    await saveCheckpoint(dir, { model, optimizer, epoch: 0, step: 0, modelSpec: SPEC });
    const bytes = await readFile(join(dir, 'checkpoint-00000000', 'model.safetensors'));

    expect(existsSync(FIXTURE), `missing ${FIXTURE}; regenerate it as tools/checkpoint_to_torch.py says`).toBe(true);
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as TorchFixture;
    expect(fixture.model).toBe(SPEC);
    expect(fixture.stateDict).toEqual({ '1.weight': [10, 12], '1.bias': [10], '3.weight': [6, 10], '3.bias': [6], '5.weight': [3, 6], '5.bias': [3] });
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(fixture.modelSha256);

    model.eval();
    const logits = tf.tidy(() => model.forward(tf.tensor2d(fixture.inputs, undefined, 'float32')));
    const ours = (await logits.array()) as number[][];
    logits.dispose();
    ours.flat().forEach((value, i) => {
      const reference = fixture.logits.flat()[i] as number;
      expect(Math.abs(value - reference)).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(reference));
    });
    model.dispose();
    optimizer.dispose();
  });
});
