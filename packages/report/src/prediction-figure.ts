import { InvalidArgumentError } from '@nnlab/core';
import { drawText, fitText } from './draw-text.js';
import { base64, encodePng, tileImages } from './image-grid.js';

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
 * with the predicted and the true class under each image (in a 5x7 pixel
 * font), and an SVG of the same grid with those captions as text; the
 * predicted class is red when it differs from the true one. Class names are
 * used where the dataset has them.
 *
 * @example
 * const { png, svg } = predictionFigure({ images, shape: [28, 28, 1], labels, predicted });
 */
export function predictionFigure(input: LabelledImages, options: { readonly columns?: number; readonly scale?: number } = {}): { png: Uint8Array; svg: string } {
  const count = input.predicted.length;
  if (count < 1 || input.labels.length < count) {
    throw new InvalidArgumentError(`predictionFigure needs at least one prediction and a label for each, got ${count} predictions and ${input.labels.length} labels`);
  }
  const [height, width] = input.shape;
  const columns = options.columns ?? Math.min(10, count);
  const scale = options.scale ?? 2;
  const gap = 8;
  // Two caption lines under each image: the predicted class, then the true one.
  const rowGap = 26;
  const wrong = (i: number): boolean => input.predicted[i] !== input.labels[i];
  const frame = (i: number): [number, number, number] => (wrong(i) ? [228, 87, 86] : [84, 162, 75]);
  const grid = tileImages(input.images, count, input.shape, { columns, gap, rowGap, scale, frame });
  const nameOf = (label: number): string => input.classNames?.[label] ?? String(label);
  // The PNG carries its own captions (drawn with a 5x7 pixel font), so it reads on its own too.
  const captioned = tileImages(input.images, count, input.shape, { columns, gap, rowGap: 20, scale, frame });
  for (let i = 0; i < count; i++) {
    const left = gap + (i % columns) * (width * scale + gap);
    const top = gap + Math.floor(i / columns) * (height * scale + gap + 20) + height * scale + 3;
    drawText(captioned, fitText(nameOf(input.predicted[i] as number), width * scale), left, top, wrong(i) ? [192, 57, 43] : [34, 34, 34]);
    drawText(captioned, fitText(nameOf(input.labels[i] as number), width * scale), left, top + 9, [120, 120, 120]);
  }
  const png = encodePng(captioned);
  const gridPng = encodePng(grid);
  const errors = Array.from({ length: count }, (_, i) => i).filter(wrong).length;
  const header = 24;
  const footer = 0;
  // About 6 px per character at 10 px: longer class names are cut to fit under their image.
  const fits = Math.max(3, Math.floor((width * scale + gap) / 5.6));
  const short = (text: string): string => (text.length <= fits ? text : `${text.slice(0, fits - 1)}…`);
  const captions: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = gap + (i % columns) * (width * scale + gap) + (width * scale) / 2;
    const y = header + gap + Math.floor(i / columns) * (height * scale + gap + rowGap) + height * scale + 11;
    captions.push(
      `<text x="${x}" y="${y}" text-anchor="middle" fill="${wrong(i) ? '#c0392b' : '#333'}">${escapeXml(short(nameOf(input.predicted[i] as number)))}</text>` +
        `<text x="${x}" y="${y + 11}" text-anchor="middle" fill="#777">${escapeXml(short(nameOf(input.labels[i] as number)))}</text>`,
    );
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${grid.width}" height="${header + grid.height + footer}" viewBox="0 0 ${grid.width} ${header + grid.height + footer}" font-family="sans-serif" font-size="10">` +
    `<rect width="100%" height="100%" fill="white"/>` +
    `<text x="4" y="15" font-size="12">${count} test images, predicted class above the true one (grey): ${errors} wrong (red)</text>` +
    `<image x="0" y="${header}" width="${grid.width}" height="${grid.height}" style="image-rendering:pixelated" href="data:image/png;base64,${base64(gridPng)}"/>` +
    `${captions.join('')}</svg>\n`;
  return { png, svg };
}
