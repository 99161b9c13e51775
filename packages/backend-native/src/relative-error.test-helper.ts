/** Largest |actual - expected| relative to the largest |expected|: how far a float32 kernel is from its float64 reference. */
export function relativeError(actual: Float32Array, expected: Float64Array): number {
  let diff = 0;
  let size = 0;
  expected.forEach((e, i) => {
    diff = Math.max(diff, Math.abs(actual[i]! - e));
    size = Math.max(size, Math.abs(e));
  });
  return diff / size;
}
