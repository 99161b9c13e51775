import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { DataFormatError, InvalidArgumentError, NotFoundError, assertInteger } from '@nnlab/core';
import { type DecodedImage, decodeImage } from './decode-image.js';
import { MAX_IMAGE_FILE_BYTES, readBoundedFile } from './read-bounded-file.js';
import { type ImageDataset, createImageDataset } from './image-dataset.js';
import { resizeImage } from './resize-image.js';

/** A file {@link loadImageFolder} did not load, and why. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** Options of {@link loadImageFolder}. */
export interface LoadImageFolderOptions {
  /**
   * Resize every image to `size` x `size` or `[height, width]`. Default: keep
   * the first image's size, and require every other image to have it.
   */
  readonly size?: number | readonly [height: number, width: number];
  /** 1: grayscale (default), 3: RGB. */
  readonly channels?: 1 | 3;
  /**
   * Only look at files with these extensions (case-insensitive, e.g.
   * `['.png']`); others are skipped and reported. Default: every file, the
   * format being sniffed from its bytes.
   */
  readonly extensions?: readonly string[];
  /** Refuse (skip) images wider or taller than this, before decoding. Default 4096. */
  readonly maxDimension?: number;
  /** Called once per skipped file, as it is skipped. */
  readonly onWarning?: (message: string, skipped: SkippedFile) => void;
}

/** What {@link loadImageFolder} returns: the dataset, every file it skipped, and what it changed. */
export interface ImageFolderResult {
  readonly dataset: ImageDataset;
  readonly skipped: readonly SkippedFile[];
  /**
   * One line per class folder whose images were changed on loading: colour
   * images converted to grey (`channels: 1`), images resized to `size`
   * (`A: 3 of 10 colour images converted to grey, 5 of 10 resized from 32x32 to 28x28`).
   */
  readonly notes: readonly string[];
}

/** Files read at once: enough to overlap disk latency, few enough to bound memory. */
const READ_AHEAD = 32;

/**
 * Loads a folder with one sub-folder per class (torchvision's `ImageFolder`
 * layout, e.g. notMNIST's `A/ ... J/`): class names are the sub-folder names
 * sorted by code point, labels their index. PNG and JPEG files are recognised
 * by their magic bytes, decoded, converted to grayscale or RGB and, with
 * `size`, resized (bilinear up, area down). Pixels are in [0, 1].
 *
 * Files that cannot be used (zero bytes, damaged, not an image, too large,
 * hidden files like `.DS_Store`, nested folders) are skipped, reported through
 * `onWarning` and listed in `skipped`: notMNIST ships a few broken PNGs. A
 * missing or empty folder, no class sub-folders, a class with no readable image,
 * or (without `size`) an image of a different size is an error naming it.
 *
 * @example
 * const { dataset, skipped } = await loadImageFolder('notMNIST_small', { size: 28, onWarning: console.warn });
 * dataset.classNames; // ['A', 'B', ..., 'J']
 */
export async function loadImageFolder(dir: string, options: LoadImageFolderOptions = {}): Promise<ImageFolderResult> {
  const { channels = 1, maxDimension = 4096, onWarning } = options;
  if (channels !== 1 && channels !== 3) throw new InvalidArgumentError(`channels must be 1 or 3, got ${String(channels)}`);
  assertInteger('maxDimension', maxDimension);
  let target = parseSize(options.size);
  if (target !== undefined && (target[0] > maxDimension || target[1] > maxDimension)) {
    // Checked before anything is allocated: size=100000 would ask for count * 10^10 floats.
    throw new InvalidArgumentError(`size ${target[0]}x${target[1]} is over the ${maxDimension}x${maxDimension} limit (maxDimension)`);
  }
  const extensions = options.extensions?.map((e) => (e.startsWith('.') ? e : `.${e}`).toLowerCase());
  const skipped: SkippedFile[] = [];
  const skip = (file: string, reason: string): void => {
    const entry = { file, reason };
    skipped.push(entry);
    onWarning?.(`skipped ${file}: ${reason}`, entry);
  };

  const { classNames, files } = await listFiles(dir, extensions, skip);
  let images: Float32Array | undefined;
  const labels = new Int32Array(files.length);
  const perClass = new Array<number>(classNames.length).fill(0);
  let count = 0;
  // Per class: images converted from colour to grey, resized (and one size they came in), loaded.
  const changes = classNames.map(() => ({ grey: 0, resized: 0, from: '', loaded: 0 }));
  for (let start = 0; start < files.length; start += READ_AHEAD) {
    const chunk = files.slice(start, start + READ_AHEAD);
    const contents = await Promise.all(chunk.map(({ file }) => readBoundedFile(file, MAX_IMAGE_FILE_BYTES, 'a PNG or JPEG image').catch((error: Error) => error)));
    chunk.forEach(({ file, label }, i) => {
      const bytes = contents[i] as Uint8Array | Error;
      if (bytes instanceof Error) return skip(file, bytes.message.startsWith(`${file}: `) ? bytes.message.slice(file.length + 2) : `cannot read: ${bytes.message}`);
      let decoded: DecodedImage;
      try {
        decoded = decodeImage(bytes, { channels, maxDimension });
      } catch (error) {
        return skip(file, (error as Error).message);
      }
      if (target === undefined) target = [decoded.height, decoded.width];
      const [height, width] = target;
      let pixels = decoded.pixels;
      if (options.size === undefined && (decoded.height !== height || decoded.width !== width)) {
        throw new DataFormatError(
          `image is ${decoded.width}x${decoded.height} but earlier images are ${width}x${height}; pass a size (e.g. size=${width}) to resize them all`,
          file,
        );
      }
      const change = changes[label] as (typeof changes)[number];
      change.loaded += 1;
      if (channels === 1 && decoded.colour) change.grey += 1;
      if (decoded.height !== height || decoded.width !== width) {
        change.resized += 1;
        change.from ||= `${decoded.width}x${decoded.height}`;
      }
      pixels = resizeImage(pixels, [decoded.height, decoded.width, channels], [height, width]);
      images ??= new Float32Array(files.length * height * width * channels);
      images.set(pixels, count * pixels.length);
      labels[count] = label;
      perClass[label]! += 1;
      count += 1;
    });
  }
  if (images === undefined || target === undefined || count === 0) {
    throw new DataFormatError(`no readable PNG or JPEG images in any class folder (${skipped.length} files skipped)`, dir);
  }
  const empty = perClass.findIndex((n) => n === 0);
  if (empty >= 0) {
    throw new DataFormatError(`class folder "${classNames[empty]}" has no readable images; remove it or add images`, dir);
  }
  const size = target[0] * target[1] * channels;
  const dataset = createImageDataset({
    images: count === files.length ? images : images.slice(0, count * size),
    labels: count === files.length ? labels : labels.slice(0, count),
    shape: [target[0], target[1], channels],
    numClasses: classNames.length,
    classNames,
  });
  const [height, width] = target;
  const notes = changes.flatMap(({ grey, resized, from, loaded }, label) => {
    const parts = [
      ...(grey > 0 ? [`${grey} of ${loaded} colour images converted to grey (channels=1)`] : []),
      ...(resized > 0 ? [`${resized} of ${loaded} resized to ${width}x${height} (from ${from}${resized > 1 ? ' and other sizes' : ''})`] : []),
    ];
    return parts.length === 0 ? [] : [`${join(dir, classNames[label] as string)}: ${parts.join(', ')}`];
  });
  return { dataset, skipped, notes };
}

function parseSize(size: LoadImageFolderOptions['size']): [number, number] | undefined {
  if (size === undefined) return undefined;
  if (typeof size === 'number') {
    assertInteger('size', size);
    return [size, size];
  }
  if (!Array.isArray(size) || size.length !== 2) throw new InvalidArgumentError(`size must be a number or [height, width], got ${JSON.stringify(size)}`);
  return [assertInteger('size[0] (height)', size[0]), assertInteger('size[1] (width)', size[1])];
}

/** Class folders (sorted) and the candidate files in them, in a stable order. */
async function listFiles(
  dir: string,
  extensions: string[] | undefined,
  skip: (file: string, reason: string) => void,
): Promise<{ classNames: string[]; files: Array<{ file: string; label: number }> }> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(`image folder ${dir} does not exist`);
    if (code === 'ENOTDIR') throw new DataFormatError('is a file; expected a folder with one sub-folder of images per class', dir);
    throw new DataFormatError(`cannot read folder: ${(error as Error).message}`, dir, { cause: error });
  }
  if (entries.length === 0) throw new DataFormatError('the folder is empty; expected one sub-folder of images per class', dir);
  const classNames: string[] = [];
  for (const entry of sortByName(entries)) {
    const path = join(dir, entry.name);
    if (entry.name.startsWith('.')) skip(path, 'hidden file or folder');
    else if (await isDirectory(path)) classNames.push(entry.name);
    else skip(path, 'not a class folder (images belong in one sub-folder per class)');
  }
  if (classNames.length === 0) {
    throw new DataFormatError('has no class sub-folders; expected one sub-folder of images per class (e.g. A/, B/, ...)', dir);
  }
  const files: Array<{ file: string; label: number }> = [];
  for (const [label, name] of classNames.entries()) {
    const classDir = join(dir, name);
    const inside = await readdir(classDir, { withFileTypes: true }).catch((error: Error) => {
      throw new DataFormatError(`cannot read class folder: ${error.message}`, classDir, { cause: error });
    });
    for (const entry of sortByName(inside)) {
      const file = join(classDir, entry.name);
      if (entry.name.startsWith('.')) skip(file, 'hidden file');
      else if (entry.isDirectory()) skip(file, 'a folder inside a class folder (not searched)');
      // Checked before opening: a FIFO named x.png would block a plain open forever (links are checked when read).
      else if (!entry.isFile() && !entry.isSymbolicLink()) skip(file, 'not a regular file (a FIFO, socket or device)');
      else if (extensions !== undefined && !extensions.includes(extname(entry.name).toLowerCase())) {
        skip(file, `extension not in ${extensions.join(', ')}`);
      } else files.push({ file, label });
    }
  }
  return { classNames, files };
}

function sortByName<T extends { name: string }>(entries: T[]): T[] {
  return [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
