import { InvalidArgumentError } from '@nnlab/core';
import { encodePng, tileImages } from './image-grid.js';

/** Test images with their true and predicted labels, for the training report's prediction grid (`predictionFigure`). */
export interface LabelledImages {
  /** Pixels, NHWC, one image after another (normalised or not). */
  readonly images: ArrayLike<number>;
  readonly shape: readonly [number, number, number];
  readonly labels: ArrayLike<number>;
  readonly predicted: ArrayLike<number>;
  readonly classNames?: readonly string[];
}

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The labs' grid of test images with predicted and true labels: a PNG of
 * the images (red frame where the prediction is wrong, green where right)
 * and an SVG that shows that PNG with a caption under each image,
 * `predicted / true`, in red when they differ.
 *
 * @example
 * const { png, svg } = predictionFigure({ images, shape: [28, 28, 1], labels, predicted });
 */
export function predictionFigure(input: LabelledImages, options: { readonly columns?: number; readonly scale?: number } = {}): { png: Buffer; svg: string } {
  const count = input.predicted.length;
  if (count < 1 || input.labels.length < count) {
    throw new InvalidArgumentError(`predictionFigure needs at least one prediction and a label for each, got ${count} predictions and ${input.labels.length} labels`);
  }
  const [height, width] = input.shape;
  const columns = options.columns ?? Math.min(10, count);
  const scale = options.scale ?? 2;
  const gap = 8;
  const rowGap = 14;
  const wrong = (i: number): boolean => input.predicted[i] !== input.labels[i];
  const grid = tileImages(input.images, count, input.shape, {
    columns,
    gap,
    rowGap,
    scale,
    frame: (i) => (wrong(i) ? [228, 87, 86] : [84, 162, 75]),
  });
  const png = encodePng(grid);
  const errors = Array.from({ length: count }, (_, i) => i).filter(wrong).length;
  const header = 24;
  const names = input.classNames;
  const footer = names === undefined ? 0 : 18;
  const captions: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = gap + (i % columns) * (width * scale + gap) + (width * scale) / 2;
    const y = header + gap + Math.floor(i / columns) * (height * scale + gap + rowGap) + height * scale + 11;
    captions.push(
      `<text x="${x}" y="${y}" text-anchor="middle" fill="${wrong(i) ? '#c0392b' : '#333'}">${input.predicted[i]} / ${input.labels[i]}</text>`,
    );
  }
  const legend = names === undefined ? '' : `<text x="4" y="${header + grid.height + 13}">${escapeXml(names.map((n, i) => `${i} ${n}`).join(', '))}</text>`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${grid.width}" height="${header + grid.height + footer}" viewBox="0 0 ${grid.width} ${header + grid.height + footer}" font-family="sans-serif" font-size="10">` +
    `<rect width="100%" height="100%" fill="white"/>` +
    `<text x="4" y="15" font-size="12">predicted / true label of ${count} test images: ${errors} wrong (red)</text>` +
    `<image x="0" y="${header}" width="${grid.width}" height="${grid.height}" style="image-rendering:pixelated" href="data:image/png;base64,${png.toString('base64')}"/>` +
    `${captions.join('')}${legend}</svg>\n`;
  return { png, svg };
}
