/**
 * Edit distance between two strings (insertions, deletions, substitutions and
 * swaps of neighbours each cost 1: the optimal-string-alignment distance).
 * Hand-written rather than a dependency: it is twenty lines and core has no
 * runtime dependencies.
 */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = Array.from({ length: rows * cols }, (_, i) => (i < cols ? i : i % cols === 0 ? i / cols : 0));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/**
 * The known name closest to `value` when it is close enough to be a typo
 * (at most a third of its length away, at least 1 edit allowed, compared
 * case-insensitively; a known name that `value` merely lacks a `-` or `:`
 * from counts too), or undefined.
 *
 * @example
 * closestName('mnist10k', ['mnist-10k', 'mnist', 'fashion-mnist']); // 'mnist-10k'
 * closestName('resnet', ['mlp', 'cnn']); // undefined
 */
export function closestName(value: string, known: readonly string[]): string | undefined {
  const wanted = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    if (name === value) return undefined;
    const distance = editDistance(wanted, name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(wanted.length / 3));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/**
 * `' (did you mean "X"?)'` for the known name closest to `value` (see
 * {@link closestName}), or `''`; meant to end an error message.
 *
 * @example
 * throw new InvalidArgumentError(`unknown workload "mpl"${didYouMean('mpl', ['mlp', 'cnn'])}`); // unknown workload "mpl" (did you mean "mlp"?)
 */
export function didYouMean(value: string, known: readonly string[]): string {
  const name = closestName(value, known);
  return name === undefined ? '' : ` (did you mean "${name}"?)`;
}
