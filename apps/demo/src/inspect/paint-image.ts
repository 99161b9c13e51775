/**
 * Paints a `width x height` image into `context` at (x, y), `scale` screen
 * pixels per image pixel. Values map through `colour(value) -> [r, g, b]`.
 *
 * @example
 * paintImage(context, pixels, 28, 28, { x: 0, y: 0, scale: 2, colour: (v) => [v * 255, v * 255, v * 255] });
 */
export function paintImage(
  context: CanvasRenderingContext2D,
  values: ArrayLike<number>,
  width: number,
  height: number,
  where: { x: number; y: number; scale: number; colour: (value: number) => readonly [number, number, number] },
): void {
  const image = context.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = where.colour(values[i] as number);
    image.data.set([r, g, b, 255], i * 4);
  }
  // Draw at 1:1 on a scratch canvas, then scale without smoothing: crisp pixels.
  const scratch = document.createElement('canvas');
  scratch.width = width;
  scratch.height = height;
  scratch.getContext('2d')?.putImageData(image, 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(scratch, where.x, where.y, width * where.scale, height * where.scale);
}

/** Grey for images in [0, 1]. */
export const grey = (value: number): readonly [number, number, number] => {
  const v = Math.round(Math.min(1, Math.max(0, value)) * 255);
  return [v, v, v];
};

/** Blue (negative) - white (0) - red (positive) for weights scaled to [-1, 1]. */
export const diverging = (value: number): readonly [number, number, number] => {
  const v = Math.min(1, Math.max(-1, value));
  return v >= 0 ? [255, Math.round(255 * (1 - v)), Math.round(255 * (1 - v))] : [Math.round(255 * (1 + v)), Math.round(255 * (1 + v)), 255];
};
