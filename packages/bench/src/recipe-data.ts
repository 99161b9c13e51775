import type { ImageDataset } from '@nnlab/datasets';
import type { Recipe } from './recipes.js';

/** A recipe's data, split and preprocessed once, shared by every contender. */
export interface RecipeData {
  readonly train: ImageDataset;
  readonly test: ImageDataset;
  /** Seconds it took to read and preprocess (shown apart from training time). */
  readonly seconds: number;
  /** Where the data came from, for the report. */
  readonly source: string;
}

/**
 * Loads a recipe's dataset (embedded mnist-10k, split 8,000 / 2,000 with
 * seed 0, or Fashion-MNIST from Debian's `dataset-fashion-mnist`; nothing is
 * downloaded) and normalises it by the training split's mean and std when
 * the recipe says so. Resolves to a sentence instead when the data is not
 * on this machine, for the recipe's rows to show.
 *
 * @example
 * const data = await loadRecipeData(selectRecipes(['mnist-mlp'])[0]);
 */
export async function loadRecipeData(recipe: Recipe): Promise<RecipeData | string> {
  // Imported here, not at the top: @nnlab/bench also bundles for browsers, where node:fs is absent.
  const [datasets, files, { join }] = await Promise.all([import('@nnlab/datasets'), import('@nnlab/datasets/node'), import('node:path')]);
  const started = performance.now();
  let split: { train: ImageDataset; test: ImageDataset };
  let source: string;
  if (recipe.dataset === 'fashion-mnist') {
    const dir = await files.findFashionMnist();
    if (dir === undefined) {
      return `no Fashion-MNIST on this machine (searched ${files.fashionMnistSearchPaths().join(', ')}; apt-get install dataset-fashion-mnist)`;
    }
    split = await files.loadFashionMnist({ dir });
    source = `Fashion-MNIST from ${dir}`;
  } else if (recipe.fullMnistWhenCached === true && (await files.hasMnistFamilyFiles(join(files.defaultCacheDir(), 'mnist')))) {
    const dir = join(files.defaultCacheDir(), 'mnist');
    split = await files.loadMnistFamily(dir, { name: 'mnist' });
    source = `MNIST from ${dir} (cached)`;
  } else {
    split = await files.loadDatasetByName('mnist-10k', { seed: 0 });
    source = 'mnist-10k (embedded, split 8,000 / 2,000 with seed 0)';
  }
  let { train, test } = split;
  if (recipe.inputs === 'normalize') {
    const meanStd = datasets.computeMeanStd(train);
    train = datasets.normalize(train, meanStd);
    test = datasets.normalize(test, meanStd);
  }
  return { train, test, seconds: (performance.now() - started) / 1000, source };
}
