import { DataFormatError, InvalidArgumentError, assertInteger, assertNumber } from '@nnlab/core';
import { type ImageDataset, createImageDataset } from './image-dataset.js';
import { type MatMatrix, readMatFile } from './read-mat.js';

/** How {@link loadMatDataset} turns the label variable's values into class indices. */
export type MatLabelMap = 'auto' | 'none' | Readonly<Record<number, number>> | ((value: number) => number);

/** Options of {@link loadMatDataset}. */
export interface LoadMatDatasetOptions {
  /** Variable with one example per row, `[examples, pixels]`. Default `'X'`. */
  readonly x?: string;
  /** Variable with one label per example, `[examples, 1]` or `[1, examples]`. Default `'y'`. */
  readonly y?: string;
  /** Shape of one image, `[h, w]` or `[h, w, c]`. Default: square, `sqrt(pixels)` on a side. */
  readonly imageShape?: readonly [number, number] | readonly [number, number, number];
  /**
   * Order of each row's pixels. Default `'column-major'`: the row is MATLAB's
   * `A(:)' ` of the image (as in ex4data1, displayed with `reshape(X(i,:), 20, 20)`),
   * so images are transposed into nnlab's row-major layout and come out upright.
   */
  readonly pixelOrder?: 'column-major' | 'row-major';
  /**
   * Label mapping. Default `'auto'`: labels are kept when the smallest is 0;
   * MATLAB's 1-based labels become 0-based: when they are 1..10 (the digit
   * convention of ex4data1 and SVHN, where 10 means the digit 0) 10 becomes 0,
   * otherwise every label drops by 1. `'none'` keeps values as they are; a
   * record or function maps each value.
   */
  readonly labelMap?: MatLabelMap;
  /** Multiplies every pixel. Default 1/255 for uint8 images, else 1 (values as stored). */
  readonly scale?: number;
}

/**
 * Loads an image classification dataset from a MATLAB level-5 MAT-file, like
 * Coursera's `ex4data1.mat` (X: 5000x400 doubles, 20x20 digits stored
 * column-major; y: 5000x1 labels 1..10 with 10 for the digit 0). Returns an
 * {@link ImageDataset} of `[h, w, c]` images; a missing variable is an error
 * listing those present, wrong shapes and non-integer labels name the variable.
 *
 * @example
 * const digits = await loadMatDataset('ex4data1.mat'); // 5000 upright 20x20x1 digits, labels 0..9
 */
export async function loadMatDataset(file: string, options: LoadMatDatasetOptions = {}): Promise<ImageDataset> {
  const { x = 'X', y = 'y', pixelOrder = 'column-major', labelMap = 'auto' } = options;
  if (pixelOrder !== 'column-major' && pixelOrder !== 'row-major') {
    throw new InvalidArgumentError(`pixelOrder must be "column-major" or "row-major", got ${JSON.stringify(pixelOrder)}`);
  }
  if (options.scale !== undefined) assertNumber('scale', options.scale, { min: 0, exclusiveMin: true });
  const variables = await readMatFile(file);
  const pick = (name: string, role: string): MatMatrix => {
    const found = variables[name];
    if (found === undefined) {
      const names = Object.keys(variables);
      throw new DataFormatError(`has no numeric variable "${name}" (${role}); variables: ${names.length > 0 ? names.join(', ') : 'none'}`, file);
    }
    return found;
  };
  const images = pick(x, 'images');
  const targets = pick(y, 'labels');
  const count = targets.data.length;
  if (images.shape.length !== 2) {
    throw new DataFormatError(`variable "${x}" is ${images.shape.join('x')}; expected a 2-D matrix [examples, pixels]`, file);
  }
  const [rows, pixels] = images.shape as [number, number];
  if (targets.shape.filter((d) => d !== 1).length > 1) {
    throw new DataFormatError(`variable "${y}" is ${targets.shape.join('x')}; expected a vector of labels`, file);
  }
  if (rows !== count) {
    const hint = pixels === count ? ` (it seems to hold one example per column: transpose it, ${x} = ${x}')` : '';
    throw new DataFormatError(`variable "${x}" has ${rows} rows but "${y}" has ${count} labels${hint}`, file);
  }
  const shape = imageShapeFor(options.imageShape, pixels, x, file);
  const scale = options.scale ?? (images.matlabClass === 'uint8' ? 1 / 255 : 1);
  const labels = mapLabels(targets.data, labelMap, y, file);
  return createImageDataset({
    images: arrangePixels(images.data, count, shape, pixelOrder, scale),
    labels,
    shape,
    numClasses: labels.reduce((max, label) => Math.max(max, label), 0) + 1,
  });
}

function imageShapeFor(
  given: LoadMatDatasetOptions['imageShape'],
  pixels: number,
  x: string,
  file: string,
): [number, number, number] {
  if (given === undefined) {
    const side = Math.round(Math.sqrt(pixels));
    if (side * side !== pixels) {
      throw new DataFormatError(`variable "${x}" has ${pixels} values per example, not a square image; pass imageShape [h, w] or [h, w, c]`, file);
    }
    return [side, side, 1];
  }
  if (!Array.isArray(given) || (given.length !== 2 && given.length !== 3)) {
    throw new InvalidArgumentError(`imageShape must be [h, w] or [h, w, c], got ${JSON.stringify(given)}`);
  }
  const shape: [number, number, number] = [
    assertInteger('imageShape[0]', given[0]),
    assertInteger('imageShape[1]', given[1]),
    assertInteger('imageShape[2]', given[2] ?? 1),
  ];
  if (shape[0] * shape[1] * shape[2] !== pixels) {
    throw new DataFormatError(`imageShape ${shape.join('x')} has ${shape[0] * shape[1] * shape[2]} values but variable "${x}" has ${pixels} per example`, file);
  }
  return shape;
}

/** Rows of pixels (MATLAB `A(:)` order or row-major) to NHWC float32, scaled. */
function arrangePixels(
  data: Float64Array,
  count: number,
  shape: readonly [number, number, number],
  order: 'column-major' | 'row-major',
  scale: number,
): Float32Array {
  const [h, w, c] = shape;
  const size = h * w * c;
  const out = new Float32Array(count * size);
  for (let n = 0; n < count; n++) {
    const base = n * size;
    if (order === 'row-major') {
      for (let i = 0; i < size; i++) out[base + i] = (data[base + i] as number) * scale;
      continue;
    }
    for (let r = 0; r < h; r++) {
      for (let col = 0; col < w; col++) {
        for (let ch = 0; ch < c; ch++) out[base + (r * w + col) * c + ch] = (data[base + r + h * (col + w * ch)] as number) * scale;
      }
    }
  }
  return out;
}

function labelFunction(values: Float64Array, labelMap: MatLabelMap, y: string, file: string): (value: number) => number {
  if (typeof labelMap === 'function') return labelMap;
  if (typeof labelMap === 'object' && labelMap !== null) {
    return (value) => {
      const mapped = labelMap[value];
      if (mapped === undefined) throw new DataFormatError(`variable "${y}" has label ${value}, which labelMap does not map`, file);
      return mapped;
    };
  }
  if (labelMap === 'none') return (value) => value;
  if (labelMap !== 'auto') throw new InvalidArgumentError(`labelMap must be "auto", "none", a record or a function, got ${JSON.stringify(labelMap)}`);
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (min !== 1) return (value) => value;
  return max === 10 ? (value) => (value === 10 ? 0 : value) : (value) => value - 1;
}

function mapLabels(values: Float64Array, labelMap: MatLabelMap, y: string, file: string): Int32Array {
  const map = labelFunction(values, labelMap, y, file);
  const labels = new Int32Array(values.length);
  values.forEach((value, i) => {
    const label = map(value);
    if (!Number.isInteger(label) || label < 0 || label > 0x7fffffff) {
      throw new DataFormatError(`${y}(${i + 1}) = ${value} maps to ${label}; labels must become integers >= 0 (see labelMap)`, file);
    }
    labels[i] = label;
  });
  return labels;
}
