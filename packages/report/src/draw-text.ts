import { FIXED_FONT_5X7, FIXED_FONT_HEIGHT, FIXED_FONT_WIDTH } from './fixed-font-5x7.js';
import type { RgbaImage } from './image-grid.js';

/** Pixels from one character's left edge to the next one's, at scale 1. */
const ADVANCE = FIXED_FONT_WIDTH + 1;

/** Width and height in pixels of `text` drawn by {@link drawText} at `scale`. */
export function textSize(text: string, scale = 1): { width: number; height: number } {
  return { width: [...text].length * ADVANCE * scale, height: FIXED_FONT_HEIGHT * scale };
}

/**
 * The longest start of `text` that fits in `width` pixels at `scale`, with
 * a final `.` marking a cut (for class names under small images).
 *
 * @example
 * fitText('Ankle boot', 40); // 'Ankle.': six 6-pixel characters fit, the last a cut mark
 */
export function fitText(text: string, width: number, scale = 1): string {
  const chars = [...text];
  const fits = Math.floor(width / (ADVANCE * scale));
  if (chars.length <= fits) return text;
  return fits <= 1 ? chars.slice(0, Math.max(0, fits)).join('') : `${chars.slice(0, fits - 1).join('')}.`;
}

/**
 * Draws `text` into an RGBA image with the public-domain X11 5x7 fixed font
 * (printable ASCII; anything else as `?`), its top-left corner at
 * (`left`, `top`), each font pixel a `scale` x `scale` square. Pixels outside
 * the image are skipped. PNG figures get their captions this way: Node has
 * no canvas, and a 5x7 font is all a caption under a 56-pixel image needs.
 *
 * @example
 * drawText(grid, 'Ankle boot', 10, 70, [200, 0, 0]);
 */
export function drawText(image: RgbaImage, text: string, left: number, top: number, color: readonly [number, number, number], scale = 1): void {
  for (const [index, char] of [...text].entries()) {
    const code = char.codePointAt(0) ?? 63;
    const rows = FIXED_FONT_5X7[code >= 32 && code <= 126 ? code : 63] ?? [];
    for (let y = 0; y < FIXED_FONT_HEIGHT; y++) {
      const row = rows[y] ?? 0;
      for (let x = 0; x < FIXED_FONT_WIDTH; x++) {
        if (((row >> (FIXED_FONT_WIDTH - 1 - x)) & 1) === 0) continue;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const px = left + (index * ADVANCE + x) * scale + dx;
            const py = top + y * scale + dy;
            if (px >= 0 && py >= 0 && px < image.width && py < image.height) image.data.set([color[0], color[1], color[2], 255], (py * image.width + px) * 4);
          }
        }
      }
    }
  }
}
