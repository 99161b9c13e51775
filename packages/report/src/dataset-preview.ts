import { drawText, fitText, textSize } from './draw-text.js';
import { type RgbaImage, tileImages } from './image-grid.js';

/** Options of {@link datasetPreview}. */
export interface DatasetPreviewOptions {
  /** Images drawn at most (default 64). */
  readonly count?: number;
  /** A label per image, drawn under it in red (its class name where `classNames` has one). */
  readonly labels?: ArrayLike<number>;
  readonly classNames?: readonly string[];
}

/**
 * A grid of the first images of a dataset (8 per row, scaled up to about
 * 56 pixels), each with its label drawn under it in a 5x7 pixel font.
 * Undefined when there is no image to draw.
 *
 * @example
 * const grid = datasetPreview(train.images, train.count, train.shape, { labels: train.labels });
 * if (grid) await writeFile('preview.png', encodePng(grid));
 */
export function datasetPreview(values: ArrayLike<number>, available: number, shape: readonly [number, number, number], options: DatasetPreviewOptions = {}): RgbaImage | undefined {
  const count = Math.min(options.count ?? 64, available);
  if (count <= 0) return undefined;
  const { labels, classNames } = options;
  const columns = Math.min(8, count);
  const scale = Math.max(1, Math.floor(56 / Math.max(shape[0], shape[1])));
  const gap = 2;
  const captionHeight = labels === undefined ? 0 : textSize('0').height + 4;
  const grid = tileImages(values, count, shape, { columns, gap, rowGap: captionHeight, scale });
  if (labels !== undefined) {
    const cellWidth = shape[1] * scale + gap;
    const cellHeight = shape[0] * scale + gap + captionHeight;
    for (let i = 0; i < count; i++) {
      const left = gap + (i % columns) * cellWidth;
      const top = gap + Math.floor(i / columns) * cellHeight + shape[0] * scale + 2;
      const label = labels[i] ?? 0;
      // The class name where the dataset has one ('Ankle boot', not '9'), cut to the image's width.
      drawText(grid, fitText(classNames?.[label] ?? String(label), shape[1] * scale), left, top, [200, 0, 0]);
    }
  }
  return grid;
}
