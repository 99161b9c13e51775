import { describe, expect, it } from 'vitest';
import { PendingWork } from './pending-work.js';

const later = <T>(ms: number, value: T, fail = false): Promise<T> =>
  new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms));

describe('PendingWork', () => {
  it('settles after every tracked promise, including ones tracked while it waits, and never rejects', async () => {
    const work = new PendingWork();
    const order: string[] = [];
    void work.track(later(20, 'a').then((v) => order.push(v)));
    const failing = work.track(later(5, 'boom', true));
    failing.catch(() => order.push('failed'));
    void work.track(
      later(10, 'b').then((v) => {
        order.push(v);
        // Started by a tracked task while settled() is already waiting.
        void work.track(later(30, 'c').then((c) => order.push(c)));
      }),
    );
    expect(work.size).toBe(3);
    await work.settled();
    order.push('settled');
    expect(order).toEqual(['failed', 'b', 'a', 'c', 'settled']);
    expect(work.size).toBe(0);
  });

  it('returns the tracked promise itself and settles at once when idle', async () => {
    const work = new PendingWork();
    const p = later(1, 7);
    expect(work.track(p)).toBe(p);
    await expect(p).resolves.toBe(7);
    await work.settled();
    expect(work.size).toBe(0);
  });
});
