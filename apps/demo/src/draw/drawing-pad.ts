import { centreOfMass, inkBounds, mnistPlacement } from './ink-geometry.js';

const SIZE = 280;
const STROKE = 20;

function greys(context: CanvasRenderingContext2D, width: number, height: number): Float32Array {
  const { data } = context.getImageData(0, 0, width, height);
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = (data[i * 4] as number) / 255;
  return out;
}

/**
 * A 280x280 canvas to draw a digit on with mouse, pen or touch (pointer
 * events), white on black like MNIST. After every stroke segment it calls
 * `onChange` with the drawing turned into a 28x28 MNIST-style image
 * ({@link DrawingPad.toMnist}), at most once per animation frame.
 *
 * @example
 * const pad = new DrawingPad(container, (pixels) => showProbabilities(pixels));
 */
export class DrawingPad {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private last: { x: number; y: number } | undefined;
  private pending = false;

  constructor(container: HTMLElement, private readonly onChange: (pixels: Float32Array | undefined) => void) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = this.canvas.height = SIZE;
    this.canvas.className = 'drawing-pad';
    this.canvas.id = 'drawing-pad';
    // No scrolling or zooming while drawing on a touch screen.
    this.canvas.style.touchAction = 'none';
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (context === null) throw new Error('no 2d canvas context for the drawing pad');
    this.context = context;
    this.clear();
    this.canvas.addEventListener('pointerdown', (event) => {
      this.canvas.setPointerCapture(event.pointerId);
      this.last = this.point(event);
      this.stroke(this.last, this.last);
    });
    this.canvas.addEventListener('pointermove', (event) => {
      if (this.last === undefined) return;
      const next = this.point(event);
      this.stroke(this.last, next);
      this.last = next;
    });
    const end = (): void => {
      this.last = undefined;
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    container.append(this.canvas);
  }

  /** Wipes the pad (and reports an empty drawing). */
  clear(): void {
    this.context.fillStyle = '#000';
    this.context.fillRect(0, 0, SIZE, SIZE);
    this.onChange(undefined);
  }

  private point(event: PointerEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: ((event.clientX - rect.left) * SIZE) / rect.width, y: ((event.clientY - rect.top) * SIZE) / rect.height };
  }

  private stroke(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const c = this.context;
    c.strokeStyle = '#fff';
    c.lineWidth = STROKE;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x, to.y);
    c.stroke();
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.onChange(this.toMnist());
    });
  }

  /**
   * The drawing as MNIST would have it: 28x28 grey values in [0, 1], the ink
   * scaled to fit 20x20 and centred by its centre of mass; undefined when blank.
   */
  toMnist(): Float32Array | undefined {
    const values = greys(this.context, SIZE, SIZE);
    const box = inkBounds(values, SIZE, SIZE);
    if (box === undefined) return undefined;
    const crop = new Float32Array(box.width * box.height);
    for (let y = 0; y < box.height; y++) crop.set(values.subarray((box.y + y) * SIZE + box.x, (box.y + y) * SIZE + box.x + box.width), y * box.width);
    const place = mnistPlacement(box, centreOfMass(crop, box.width, box.height));
    const small = document.createElement('canvas');
    small.width = small.height = 28;
    const context = small.getContext('2d', { willReadFrequently: true });
    if (context === null) return undefined;
    context.fillStyle = '#000';
    context.fillRect(0, 0, 28, 28);
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    context.drawImage(this.canvas, box.x, box.y, box.width, box.height, place.x, place.y, place.width, place.height);
    return greys(context, 28, 28);
  }
}
