import type { ImageDataset } from '@nnlab/datasets';
import type { RecipeData } from './recipe-data.js';

/** The four binary parts a recipe's data travels in (little-endian float32 pixels, int32 labels). */
export const RECIPE_DATA_PARTS = ['train-images', 'train-labels', 'test-images', 'test-labels'] as const;

/** Name of one binary part of a recipe's data. */
export type RecipeDataPart = (typeof RECIPE_DATA_PARTS)[number];

/** What the receiving side needs besides the bytes: counts, shapes, classes and the data's source. */
export interface RecipeDataLayout {
  readonly source: string;
  readonly splits: Readonly<Record<'train' | 'test', { readonly count: number; readonly shape: readonly [number, number, number]; readonly numClasses: number }>>;
}

/**
 * A recipe's data as bytes for another process or a browser page: views of
 * the same memory (nothing is copied) and the layout that rebuilds it with
 * {@link recipeDataFromParts}. The receiver then trains on exactly the
 * examples, split and preprocessing of the Node rows.
 *
 * @example
 * const { layout, parts } = recipeDataParts(data);
 * server.serve('train-images', parts['train-images']);
 */
export function recipeDataParts(data: RecipeData): { readonly layout: RecipeDataLayout; readonly parts: Readonly<Record<RecipeDataPart, Uint8Array>> } {
  const bytes = (array: Float32Array | Int32Array): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  const split = (dataset: ImageDataset) => ({ count: dataset.count, shape: [...dataset.shape] as [number, number, number], numClasses: dataset.numClasses });
  return {
    layout: { source: data.source, splits: { train: split(data.train), test: split(data.test) } },
    parts: {
      'train-images': bytes(data.train.images),
      'train-labels': bytes(data.train.labels),
      'test-images': bytes(data.test.images),
      'test-labels': bytes(data.test.labels),
    },
  };
}

/**
 * Rebuilds the data {@link recipeDataParts} sent: reads the four parts with
 * `read` (a `fetch`, say) and checks them against the layout. `seconds` is
 * how long that took, for the contender's data column.
 *
 * @example
 * const data = await recipeDataFromParts(layout, async (part) => (await fetch(`data/${part}`)).arrayBuffer());
 */
export async function recipeDataFromParts(layout: RecipeDataLayout, read: (part: RecipeDataPart) => Promise<ArrayBuffer>): Promise<RecipeData> {
  const { createImageDataset } = await import('@nnlab/datasets');
  const started = performance.now();
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(RECIPE_DATA_PARTS.map(read));
  const dataset = (which: 'train' | 'test', images: ArrayBuffer | undefined, labels: ArrayBuffer | undefined): ImageDataset => {
    const { count, shape, numClasses } = layout.splits[which];
    if (images === undefined || labels === undefined || labels.byteLength !== count * 4) {
      throw new Error(`recipe data: ${which} labels have ${labels?.byteLength ?? 0} bytes, expected ${count * 4} (${count} int32 labels)`);
    }
    return createImageDataset({ images: new Float32Array(images), labels: new Int32Array(labels), shape, numClasses });
  };
  const train = dataset('train', trainImages, trainLabels);
  const test = dataset('test', testImages, testLabels);
  return { train, test, source: layout.source, seconds: (performance.now() - started) / 1000 };
}
