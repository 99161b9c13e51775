import type { Module } from '@nnlab/layers';
import { encodePng, tileImages } from './image-grid.js';

/** What {@link firstLayerFigure} drew. */
export interface FirstLayerFigure {
  readonly png: Uint8Array;
  /** Size of the PNG in pixels. */
  readonly width: number;
  readonly height: number;
  /** The parameter drawn, e.g. `1.weight`. */
  readonly parameter: string;
  /** Units (or filters) the layer has, and how many are drawn. */
  readonly units: number;
  readonly shown: number;
}

/**
 * The backprop lab's picture of what hidden units learned: the first
 * fully connected layer's weights, one image per hidden unit (its
 * `H*W*C` input weights laid out as the input image, mid-gray = 0), tiled
 * in a grid, one pixel per weight (the page scales it up). For a model
 * that starts with a convolution, its filters are drawn instead. Returns undefined when the first weight fits neither.
 *
 * @example
 * const figure = firstLayerFigure(model, [28, 28, 1]); // a 10x10 grid for mlp:784-100-10
 */
export function firstLayerFigure(model: Module, inputShape: readonly [number, number, number], options: { readonly maxUnits?: number } = {}): FirstLayerFigure | undefined {
  const maxUnits = options.maxUnits ?? 1024;
  const [height, width, channels] = inputShape;
  const first = model.namedParameters().find(([, p]) => p.shape.length === 2 || p.shape.length === 4);
  if (first === undefined) return undefined;
  const [parameter, weight] = first;
  if (weight.shape.length === 2) {
    // Linear weight [inFeatures, outFeatures]: unit j's image is column j.
    const [inputs = 0, units = 0] = weight.shape;
    if (inputs !== height * width * channels) return undefined;
    const shown = Math.min(units, maxUnits);
    const values = weight.dataSync();
    const images = new Float32Array(shown * inputs);
    for (let j = 0; j < shown; j++) for (let k = 0; k < inputs; k++) images[j * inputs + k] = values[k * units + j] as number;
    const grid = tileImages(images, shown, inputShape, { contrast: 'symmetric' });
    return { png: encodePng(grid), width: grid.width, height: grid.height, parameter, units, shown };
  }
  // Conv2d weight [kh, kw, inChannels, outChannels]: filter o's image is [:, :, :, o].
  const [kh = 0, kw = 0, inChannels = 0, filters = 0] = weight.shape;
  if (inChannels !== 1 && inChannels !== 3) return undefined;
  const shown = Math.min(filters, maxUnits);
  const values = weight.dataSync();
  const size = kh * kw * inChannels;
  const images = new Float32Array(shown * size);
  for (let o = 0; o < shown; o++) for (let k = 0; k < size; k++) images[o * size + k] = values[k * filters + o] as number;
  const grid = tileImages(images, shown, [kh, kw, inChannels], { contrast: 'symmetric', gap: 1 });
  return { png: encodePng(grid), width: grid.width, height: grid.height, parameter, units: filters, shown };
}
