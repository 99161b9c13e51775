import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { InvalidArgumentError, NotFoundError } from '@nnlab/core';
import { resizeImage } from '@nnlab/datasets';
import { decodeImage, loadDatasetByName } from '@nnlab/datasets/node';

/** Examples to classify, as one batch of pixels in the model's input shape. */
export interface Examples {
  /** A name per example: the file, or `DATASET#index`. */
  readonly names: string[];
  /** True labels, where known (dataset test splits). */
  readonly labels: Array<number | null>;
  readonly pixels: Float32Array;
  /** Class names of the dataset the examples came from, when it has them. */
  readonly classNames: readonly string[] | undefined;
  /** One line per converted image (size or colour changed to the model's input). */
  readonly notes: string[];
  /**
   * The grey image files (not dataset examples) that are mostly light (mean
   * above 0.5, after `invert`): MNIST-style models expect light strokes on
   * black, so these were likely drawn or scanned dark on light and want `invert`.
   */
  readonly mostlyLight: string[];
}

/** Options of {@link collectExamples}. */
export interface CollectExamplesOptions {
  /** Invert image files' grey levels (`1 - x`): dark strokes on a light background, as drawn or scanned. Dataset examples are left as they are. */
  readonly invert?: boolean;
}

const IMAGE_FILE = /\.(png|jpe?g)$/i;

async function imageFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new NotFoundError(`folder:${dir}: cannot read the folder (${error.code ?? error.message})`, { cause: error });
  });
  const files = entries.filter((entry) => entry.isFile() && IMAGE_FILE.test(entry.name)).map((entry) => join(entry.parentPath, entry.name));
  if (files.length === 0) throw new NotFoundError(`folder:${dir}: no .png, .jpg or .jpeg files in it`);
  return files.sort();
}

/**
 * Reads what `nnlab predict` was given: image files (PNG/JPEG), `folder:DIR`
 * (every image under DIR) or a dataset name (its test split, with labels),
 * converted to `[height, width, channels]` pixels in [0, 1]: a colour image
 * for a grey model becomes grey (ITU-R 601 luma), and any other size is
 * resized (area average when shrinking), each conversion noted; with
 * `invert`, image files are inverted (dataset examples already are what the
 * model was trained on).
 */
export async function collectExamples(inputs: readonly string[], shape: readonly [number, number, number], options: CollectExamplesOptions = {}): Promise<Examples> {
  const [height, width, channels] = shape;
  const size = height * width * channels;
  const chunks: Float32Array[] = [];
  const names: string[] = [];
  const labels: Array<number | null> = [];
  const notes: string[] = [];
  const mostlyLight: string[] = [];
  let classNames: readonly string[] | undefined;
  const addImage = async (file: string, shown: string): Promise<void> => {
    const decoded = decodeImage(await readFile(file), { channels: channels === 3 ? 3 : 1, source: file });
    const converted = decoded.width !== width || decoded.height !== height;
    const pixels = resizeImage(decoded.pixels, [decoded.height, decoded.width, decoded.channels], [height, width]);
    if (options.invert === true) pixels.forEach((v, i) => (pixels[i] = 1 - v));
    if (channels === 1 && pixels.reduce((a, b) => a + b, 0) / pixels.length > 0.5) mostlyLight.push(shown);
    chunks.push(pixels);
    names.push(shown);
    labels.push(null);
    if (converted) notes.push(`note: ${shown} is ${decoded.width}x${decoded.height}; resized to ${width}x${height}${channels === 1 ? ' grey' : ''}, the model's input`);
  };
  for (const input of inputs) {
    if (input.startsWith('folder:')) {
      const dir = input.slice('folder:'.length);
      for (const file of await imageFilesIn(dir)) await addImage(file, relative(process.cwd(), file) || file);
      continue;
    }
    const info = await stat(input).catch(() => undefined);
    if (info?.isFile() === true) {
      await addImage(input, input);
      continue;
    }
    if (info?.isDirectory() === true) throw new InvalidArgumentError(`${input} is a folder; give folder:${input} to classify every image in it`);
    if (/\.(png|jpe?g)$/i.test(input)) throw new NotFoundError(`image not found: ${input}`);
    const dataset = await loadDatasetByName(input);
    const test = dataset.test;
    if (test.shape.join() !== shape.join()) {
      throw new InvalidArgumentError(`${input}: its images are [${test.shape.join(', ')}], the model takes [${shape.join(', ')}]`);
    }
    chunks.push(test.images);
    for (let i = 0; i < test.count; i++) {
      names.push(`${dataset.name}#${i}`);
      labels.push(test.labels[i] as number);
    }
    classNames ??= test.classNames;
  }
  const pixels = new Float32Array(names.length * size);
  let offset = 0;
  for (const chunk of chunks) {
    pixels.set(chunk, offset);
    offset += chunk.length;
  }
  return { names, labels, pixels, classNames, notes, mostlyLight };
}
