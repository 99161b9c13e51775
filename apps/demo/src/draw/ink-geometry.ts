/** A rectangle in pixels: left, top, width, height. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The smallest box holding every pixel brighter than `threshold` in a
 * `width x height` grey image (values in [0, 1], row-major), or undefined
 * when nothing is drawn.
 *
 * @example
 * inkBounds(values, 280, 280); // { x: 90, y: 40, width: 70, height: 180 }
 */
export function inkBounds(values: ArrayLike<number>, width: number, height: number, threshold = 0.1): Box | undefined {
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((values[y * width + x] as number) <= threshold) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  return right < 0 ? undefined : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * Intensity-weighted centre of a grey image, in pixel coordinates where
 * pixel (i, j) has its centre at (i + 0.5, j + 0.5); the image centre when it is blank.
 *
 * @example
 * centreOfMass([0, 0, 0, 1], 2, 2); // { x: 1.5, y: 1.5 }
 */
export function centreOfMass(values: ArrayLike<number>, width: number, height: number): { x: number; y: number } {
  let total = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = values[y * width + x] as number;
      total += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return total === 0 ? { x: width / 2, y: height / 2 } : { x: sx / total, y: sy / total };
}

/**
 * Where to draw a drawing's ink box in a 28x28 MNIST frame, the way MNIST was
 * made: the longer side scaled to 20 pixels (aspect ratio kept), then placed
 * so the ink's centre of mass `com` (in box coordinates) lands on the frame centre.
 *
 * @example
 * mnistPlacement({ x: 0, y: 0, width: 100, height: 200 }, { x: 50, y: 100 }); // { x: 9, y: 4, width: 10, height: 20 }
 */
export function mnistPlacement(box: Box, com: { x: number; y: number }): Box {
  const scale = 20 / Math.max(box.width, box.height);
  const width = box.width * scale;
  const height = box.height * scale;
  return { x: Math.round(14 - com.x * scale), y: Math.round(14 - com.y * scale), width, height };
}
