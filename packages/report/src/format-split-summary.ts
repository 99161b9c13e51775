import type { SplitSummary } from './split-summary.js';

const formatNumber = (n: number): string => (Number.isInteger(n) ? String(n) : n.toPrecision(4));

/**
 * A {@link SplitSummary} as lines of text: examples, shape, channels and
 * dtype; min/max/mean/std of the values; examples per class (named where
 * `classNames` has a name). What `nnlab data inspect` prints per split.
 *
 * @example
 * formatSplitSummary('test', summarizeSplit(data.test), data.test.classNames);
 * // 'test: 2000 examples, shape 28x28x1 (1 channel), float32\n  values min 0 max 1 ...\n  10 classes: 0:175 1:234 ...\n'
 */
export function formatSplitSummary(name: string, split: SplitSummary, classNames?: readonly string[]): string {
  const classes = split.classCounts.map((c, k) => `${classNames?.[k] ?? k}:${c}`).join(' ');
  const values =
    split.pixels === null
      ? '  values: none\n'
      : `  values min ${formatNumber(split.pixels.min)} max ${formatNumber(split.pixels.max)} mean ${formatNumber(split.pixels.mean)} std ${formatNumber(split.pixels.std)}\n`;
  return (
    `${name}: ${split.examples} examples, shape ${split.shape.join('x') || '-'} (${split.channels} channel${split.channels === 1 ? '' : 's'}), ${split.dtype}\n` +
    values +
    (split.numClasses > 0 ? `  ${split.numClasses} classes: ${classes}\n` : '')
  );
}
