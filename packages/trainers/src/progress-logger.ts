import type { Callback } from './callback.js';

/** Where {@link progressLogger} writes (process.stdout, a file stream, ...). */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Writes one line per epoch (and optionally every `everySteps` batches):
 * the plain-text progress report for scripts and logs. The CLI draws its
 * own progress bar from the same callback events.
 *
 * @example
 * fit(model, optimizer, { train, epochs: 3, callbacks: [progressLogger(process.stdout)] });
 */
export function progressLogger(sink: TextSink, options: { everySteps?: number } = {}): Callback {
  const everySteps = options.everySteps ?? 0;
  return {
    onBatchEnd(log, context) {
      if (everySteps > 0 && log.step % everySteps === 0) {
        const of = context.stepsPerEpoch === undefined ? '' : `/${context.stepsPerEpoch}`;
        sink.write(`epoch ${log.epoch} step ${log.step}${of} loss ${log.loss.toFixed(4)} ${Math.round(log.samplesPerSec)} samples/s\n`);
      }
    },
    onEpochEnd(log, context) {
      const validation =
        log.validationLoss === undefined ? '' : ` val_loss ${log.validationLoss.toFixed(4)}${formatMetrics(log.validationMetrics ?? {}, 'val_')}`;
      sink.write(
        `epoch ${log.epoch}/${context.epochs} loss ${log.loss.toFixed(4)}${formatMetrics(log.metrics, '')}${validation}` +
          ` lr ${log.learningRate.toPrecision(3)} ${log.seconds.toFixed(1)}s ${Math.round(log.samplesPerSec)} samples/s\n`,
      );
    },
  };
}

/** ` acc 97.12%` for accuracy (as before metrics were pluggable), ` mse 0.0123` for the others. */
function formatMetrics(metrics: Readonly<Record<string, number>>, prefix: string): string {
  return Object.entries(metrics)
    .map(([name, value]) => (name === 'accuracy' ? ` ${prefix}acc ${(value * 100).toFixed(2)}%` : ` ${prefix}${name} ${value.toPrecision(4)}`))
    .join('');
}
