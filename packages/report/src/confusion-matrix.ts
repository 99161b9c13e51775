import { predictClasses } from '@nnlab/trainers';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartOptions } from './learning-curve-spec.js';

/** How one class fared: its test examples, those predicted right, and their share. */
export interface ClassAccuracy {
  readonly class: string;
  readonly examples: number;
  readonly correct: number;
  /** `correct / examples` (the class's recall); null for a class with no examples. */
  readonly accuracy: number | null;
}

/** Counts of (true class, predicted class) pairs over a test set. */
export interface ConfusionMatrix {
  /** Class names (or numbers), in label order. */
  readonly classes: readonly string[];
  /** `counts[t][p]`: examples of true class `t` predicted as `p`. */
  readonly counts: readonly (readonly number[])[];
  readonly perClass: readonly ClassAccuracy[];
}

/**
 * The confusion matrix and per-class accuracy of `predicted` against
 * `labels` (class indices below `classes.length`).
 *
 * @example
 * confusionMatrix([0, 1, 1], [0, 0, 1], ['cat', 'dog']).counts; // [[1, 0], [1, 1]]
 */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: readonly string[]): ConfusionMatrix {
  const n = classes.length;
  const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < Math.min(labels.length, predicted.length); i++) {
    const row = counts[labels[i] as number];
    const p = predicted[i] as number;
    if (row !== undefined && p >= 0 && p < n) row[p] = (row[p] ?? 0) + 1;
  }
  const perClass = counts.map((row, t) => {
    const examples = row.reduce((a, b) => a + b, 0);
    const correct = row[t] ?? 0;
    return { class: classes[t] ?? String(t), examples, correct, accuracy: examples === 0 ? null : correct / examples };
  });
  return { classes: [...classes], counts, perClass };
}

/**
 * A Vega-Lite heatmap of a confusion matrix: true classes down, predicted
 * across, each cell coloured by its share of the true class's examples and
 * labelled with its count (the diagonal is the per-class accuracy).
 *
 * @example
 * const svg = await renderSvg(confusionMatrixSpec(matrix));
 */
export function confusionMatrixSpec(matrix: ConfusionMatrix, options: ChartOptions = {}): TopLevelSpec {
  const values = matrix.counts.flatMap((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((count, p) => ({ true: matrix.classes[t], predicted: matrix.classes[p], count, share: total === 0 ? 0 : count / total }));
  });
  const order = [...matrix.classes];
  const size = options.width ?? Math.max(240, Math.min(520, 40 * order.length));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? 'confusion matrix (test split)',
    width: size,
    height: options.height ?? size,
    data: { values },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: order, title: 'predicted class', axis: { labelAngle: -40, labelLimit: 120 } },
      y: { field: 'true', type: 'nominal', sort: order, title: 'true class', axis: { labelLimit: 120 } },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: { color: { field: 'share', type: 'quantitative', title: 'share of row', scale: { scheme: 'blues', domain: [0, 1] }, legend: { format: '.0%' } } },
      },
      {
        mark: { type: 'text', fontSize: order.length > 12 ? 8 : 10 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: 'datum.share > 0.5', value: 'white' }, value: '#222' },
        },
      },
    ],
  };
}

/**
 * Predicts every example of `batches` (a test loader, in order) and returns
 * the predicted classes, one per example; each batch's tensors are disposed.
 */
export async function predictAll(model: Parameters<typeof predictClasses>[0], batches: Iterable<{ readonly x: { dispose(): void }; readonly y: { dispose(): void } }>): Promise<Int32Array> {
  const parts: Int32Array[] = [];
  for (const batch of batches) {
    try {
      parts.push(await predictClasses(model, batch.x as Parameters<typeof predictClasses>[1]));
    } finally {
      batch.x.dispose();
      batch.y.dispose();
    }
  }
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
