import { type BatchTransform, composeTransforms, randomRotation, randomShift } from '@nnlab/datasets';
import { type SkippedFile } from '@nnlab/datasets/node';

/**
 * The `--augment` transform: a random shift of up to 2 pixels and a random
 * rotation of up to 10 degrees per image. Pixels that enter from outside get
 * the value black has after normalisation (`-mean / std` per channel), so
 * shifted digits keep a black border rather than a grey one.
 */
export function trainingAugmentation(statistics: { readonly mean: readonly number[]; readonly std: readonly number[] } | undefined): BatchTransform {
  const fill = statistics === undefined ? 0 : statistics.mean.map((mean, c) => -mean / (statistics.std[c] as number));
  return composeTransforms(randomShift({ maxShift: 2, fill }), randomRotation({ maxDegrees: 10, fill }));
}

/** One warning line about files a `folder:` dataset skipped (count and the first three), or undefined. */
export function skippedFilesWarning(dataset: string, skipped: readonly SkippedFile[] | undefined): string | undefined {
  if (skipped === undefined || skipped.length === 0) return undefined;
  const first = skipped.slice(0, 3).map((s) => `${s.file} (${s.reason.replace(/\s+/g, ' ')})`);
  const more = skipped.length > 3 ? `, and ${skipped.length - 3} more` : '';
  return `nnlab: warning: --dataset ${dataset}: skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'}: ${first.join('; ')}${more}\n`;
}
