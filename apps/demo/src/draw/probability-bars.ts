import { element } from '../dom/element.js';

/**
 * Ten horizontal bars, one per digit, showing class probabilities; the most
 * likely class is highlighted.
 *
 * @example
 * const bars = new ProbabilityBars(container);
 * bars.show(probabilities); // Float32Array(10)
 */
export class ProbabilityBars {
  private readonly fills: HTMLDivElement[] = [];
  private readonly values: HTMLSpanElement[] = [];
  private readonly rows: HTMLDivElement[] = [];

  constructor(container: HTMLElement) {
    const list = element('div', { className: 'probabilities', id: 'probabilities' });
    for (let digit = 0; digit < 10; digit++) {
      const fill = element('div', { className: 'bar-fill' });
      const value = element('span', { className: 'bar-value' }, '-');
      const row = element('div', { className: 'bar-row', dataset: { digit: String(digit) } }, element('span', { className: 'bar-label' }, String(digit)), element('div', { className: 'bar' }, fill), value);
      this.fills.push(fill);
      this.values.push(value);
      this.rows.push(row);
      list.append(row);
    }
    container.append(list);
  }

  /** Shows 10 probabilities, or clears the bars with undefined. */
  show(probabilities: ArrayLike<number> | undefined): void {
    let best = -1;
    if (probabilities !== undefined) {
      const list = Array.from(probabilities);
      best = list.indexOf(Math.max(...list));
    }
    for (let digit = 0; digit < 10; digit++) {
      const p = probabilities === undefined ? 0 : (probabilities[digit] ?? 0);
      (this.fills[digit] as HTMLDivElement).style.width = `${(p * 100).toFixed(1)}%`;
      (this.values[digit] as HTMLSpanElement).textContent = probabilities === undefined ? '-' : `${(p * 100).toFixed(1)}%`;
      (this.rows[digit] as HTMLDivElement).classList.toggle('best', digit === best);
    }
  }
}
