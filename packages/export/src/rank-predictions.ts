/** One example's most probable classes: see {@link rankPredictions}. */
export interface RankedPrediction {
  /** Where the example came from (a file name, `mnist-10k#3`). */
  readonly source: string;
  /** Its true class, when known (a dataset's example). */
  readonly label: number | null;
  /** The `top` classes, most probable first, with their names where known. */
  readonly top: Array<{ readonly class: number; readonly name: string | null; readonly probability: number }>;
}

/** What {@link rankPredictions} returns. */
export interface RankedPredictions {
  readonly predictions: RankedPrediction[];
  /** Examples with a label. */
  readonly labelled: number;
  /** Labelled examples whose most probable class is the label. */
  readonly correct: number;
}

/**
 * Ranks a predictor's class probabilities (`[count, classes]`, row-major, as
 * `Predictor.predict` returns them) per example: the `top` most probable
 * classes with names, and for the examples with a label how many the first
 * guess gets right.
 *
 * @example
 * const { probabilities, classes } = await predictor.predict(pixels, 2);
 * const { predictions, correct } = rankPredictions(probabilities, classes, { sources: ['a.png', 'b.png'], labels: [null, 7], top: 3 });
 */
export function rankPredictions(
  probabilities: Float32Array,
  classes: number,
  options: { readonly sources: readonly string[]; readonly labels?: ReadonlyArray<number | null>; readonly top?: number; readonly classNames?: readonly string[] | undefined },
): RankedPredictions {
  const top = Math.min(options.top ?? 3, classes);
  const predictions = options.sources.map((source, i): RankedPrediction => {
    const row = Array.from(probabilities.subarray(i * classes, (i + 1) * classes));
    const order = row.map((p, c) => [p, c] as const).sort((a, b) => b[0] - a[0]).slice(0, top);
    return { source, label: options.labels?.[i] ?? null, top: order.map(([p, c]) => ({ class: c, name: options.classNames?.[c] ?? null, probability: p })) };
  });
  const labelled = predictions.filter((p) => p.label !== null);
  return { predictions, labelled: labelled.length, correct: labelled.filter((p) => p.top[0]?.class === p.label).length };
}
