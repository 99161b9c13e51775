import type { ImageDataset } from '@nnlab/datasets';
import { grey, paintImage } from './paint-image.js';

const SCALE = 2;
const IMAGE = 28 * SCALE;
const CELL_WIDTH = IMAGE + 16;
/** The image, then two caption lines: the prediction and the true label. */
const CELL_HEIGHT = IMAGE + 8 + 34;
const RIGHT = '#15803d';
const WRONG = '#dc2626';

/** One test image's prediction, as the grid shows it. */
export interface PredictionCell {
  readonly predicted: number;
  readonly label: number;
  readonly correct: boolean;
}

/** The predicted class (arg max of each row of 10 probabilities) beside each true label. */
export function predictionCells(probabilities: ArrayLike<number>, labels: ArrayLike<number>): PredictionCell[] {
  const count = Math.min(Math.floor(probabilities.length / 10), labels.length);
  return Array.from({ length: count }, (_, i) => {
    let predicted = 0;
    for (let c = 1; c < 10; c++) if ((probabilities[i * 10 + c] as number) > (probabilities[i * 10 + predicted] as number)) predicted = c;
    const label = labels[i] as number;
    return { predicted, label, correct: predicted === label };
  });
}

/** How many grid cells fit across `width` CSS pixels (between 4 and 12). */
export function predictionColumns(width: number): number {
  return Math.max(4, Math.min(12, Math.floor(width / CELL_WIDTH)));
}

/**
 * Draws the first `probabilities.length / 10` test images, `columns` to a
 * row, each with the model's answer under it and the true label under that:
 * right answers in green; wrong ones in red, with a red frame and a pink
 * cell so they stand out at a glance. The canvas' `aria-label` lists the
 * wrong ones. Returns the number right.
 *
 * @example
 * drawPredictions(canvas, test, await session.predict(test.images.subarray(0, 48 * 784), 48), 8);
 */
export function drawPredictions(canvas: HTMLCanvasElement, test: ImageDataset, probabilities: Float32Array, columns = 12): number {
  const cells = predictionCells(probabilities, test.labels);
  canvas.width = columns * CELL_WIDTH;
  canvas.height = Math.ceil(cells.length / columns) * CELL_HEIGHT;
  const context = canvas.getContext('2d');
  if (context === null) return 0;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.textAlign = 'center';
  cells.forEach(({ predicted, label, correct }, i) => {
    const left = (i % columns) * CELL_WIDTH;
    const top = Math.floor(i / columns) * CELL_HEIGHT;
    const x = left + 8;
    const y = top + 4;
    if (!correct) {
      context.fillStyle = '#fee2e2';
      context.fillRect(left + 2, top, CELL_WIDTH - 4, CELL_HEIGHT - 4);
    }
    paintImage(context, test.images.subarray(i * 784, (i + 1) * 784), 28, 28, { x, y, scale: SCALE, colour: grey });
    context.strokeStyle = correct ? RIGHT : WRONG;
    context.lineWidth = correct ? 1 : 3;
    context.strokeRect(x - 1.5, y - 1.5, IMAGE + 3, IMAGE + 3);
    context.fillStyle = correct ? RIGHT : WRONG;
    context.font = 'bold 14px system-ui, sans-serif';
    context.fillText(correct ? `${predicted} ✓` : `${predicted} ✗`, x + IMAGE / 2, y + IMAGE + 17);
    context.fillStyle = '#475569';
    context.font = '12px system-ui, sans-serif';
    context.fillText(`true ${label}`, x + IMAGE / 2, y + IMAGE + 32);
  });
  const wrong = cells.map((c, i) => ({ ...c, i })).filter((c) => !c.correct);
  const right = cells.length - wrong.length;
  canvas.setAttribute(
    'aria-label',
    `${right} of ${cells.length} test images predicted right` +
      (wrong.length === 0 ? '' : `; wrong: ${wrong.map((c) => `image ${c.i + 1} predicted ${c.predicted}, true ${c.label}`).join('; ')}`),
  );
  return right;
}
