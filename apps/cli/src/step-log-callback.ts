import { assertInteger } from '@nnlab/core';
import type { Callback } from '@nnlab/trainers';
import type { Output } from './output.js';

/**
 * `nnlab train --log-every STEPS`: a callback that prints one stdout line
 * every `every` training steps, such as
 * `step 120  epoch 2/5  batch 20/100  loss 0.5312`. The progress bar shows
 * the same on a terminal; this is for logs (CI, `nohup`, a pipe), where the
 * bar draws nothing and an epoch can be long. The line is written after the
 * step's update, so a printed step is a finished one.
 *
 * @example
 * callbacks: [stepLogCallback(output, 50)]
 */
export function stepLogCallback(output: Output, every: number): Callback {
  assertInteger('--log-every', every, 1);
  return {
    onBatchEnd(log, context) {
      if (log.globalStep % every !== 0) return;
      const batches = context.stepsPerEpoch === undefined ? '' : `/${context.stepsPerEpoch}`;
      output.stdout.write(`step ${log.globalStep}  epoch ${log.epoch}/${context.epochs}  batch ${log.step}${batches}  loss ${log.loss.toFixed(4)}\n`);
    },
  };
}
