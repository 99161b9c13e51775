import { firstLayerFilters } from './first-layer-filters.js';
import { diverging, paintImage } from './paint-image.js';

const PER_ROW = 16;
const CELL = 40;

/**
 * Draws a first layer's filters as a grid of small images (red positive,
 * blue negative) into `canvas`; returns how many it drew.
 *
 * @example
 * drawFirstLayer(canvas, [784, 300], weights); // 64
 */
export function drawFirstLayer(canvas: HTMLCanvasElement, shape: readonly number[], values: Float32Array): number {
  const filters = firstLayerFilters(shape, values, 64);
  const rows = Math.max(1, Math.ceil(filters.length / PER_ROW));
  canvas.width = PER_ROW * CELL;
  canvas.height = rows * CELL;
  const context = canvas.getContext('2d');
  if (context === null) return 0;
  context.fillStyle = '#f8fafc';
  context.fillRect(0, 0, canvas.width, canvas.height);
  filters.forEach((filter, k) => {
    const scale = Math.floor((CELL - 4) / Math.max(filter.width, filter.height));
    paintImage(context, filter.values, filter.width, filter.height, { x: (k % PER_ROW) * CELL + 2, y: Math.floor(k / PER_ROW) * CELL + 2, scale, colour: diverging });
  });
  return filters.length;
}
