import type { ImageDataset } from '@nnlab/datasets';
import { grey, paintImage } from './paint-image.js';

const PER_ROW = 12;
const SCALE = 2;
const CELL = 28 * SCALE + 16;

/**
 * Draws the first `probabilities.length / 10` test images with the model's
 * predicted label under each, green when right and red when wrong; returns
 * the number right.
 *
 * @example
 * drawPredictions(canvas, test, await session.predict(test.images.subarray(0, 48 * 784), 48));
 */
export function drawPredictions(canvas: HTMLCanvasElement, test: ImageDataset, probabilities: Float32Array): number {
  const count = Math.floor(probabilities.length / 10);
  canvas.width = PER_ROW * CELL;
  canvas.height = Math.ceil(count / PER_ROW) * CELL;
  const context = canvas.getContext('2d');
  if (context === null) return 0;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.font = 'bold 13px system-ui, sans-serif';
  context.textAlign = 'center';
  let right = 0;
  for (let i = 0; i < count; i++) {
    const row = Array.from(probabilities.subarray(i * 10, i * 10 + 10));
    const predicted = row.indexOf(Math.max(...row));
    const correct = predicted === test.labels[i];
    if (correct) right += 1;
    const x = (i % PER_ROW) * CELL + 8;
    const y = Math.floor(i / PER_ROW) * CELL + 2;
    paintImage(context, test.images.subarray(i * 784, (i + 1) * 784), 28, 28, { x, y, scale: SCALE, colour: grey });
    context.fillStyle = correct ? '#15803d' : '#dc2626';
    context.fillText(String(predicted), x + 14 * SCALE, y + 28 * SCALE + 13);
  }
  return right;
}
