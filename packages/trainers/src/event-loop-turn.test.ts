import { describe, expect, it } from 'vitest';
import { eventLoopTurns } from './event-loop-turn.js';

describe('eventLoopTurns', () => {
  it('lets timers (and so signal handlers) run while a loop only awaits turns', async () => {
    let fired = false;
    setTimeout(() => (fired = true), 5);
    const turns = eventLoopTurns();
    const started = performance.now();
    let count = 0;
    try {
      // A busy loop of short "steps": Node delivers port messages in batches of up to a thousand.
      while (!fired && performance.now() - started < 5000) {
        const until = performance.now() + 0.2;
        while (performance.now() < until);
        await turns.next();
        count += 1;
      }
    } finally {
      turns.close();
    }
    expect(fired).toBe(true);
    expect(count).toBeGreaterThan(0);
    // Within a few timer turns (one every 100 ms), far from the 5 s bound.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('close() releases a turn in flight', async () => {
    const turns = eventLoopTurns();
    const pending = turns.next();
    turns.close();
    await expect(pending).resolves.toBeUndefined();
  });
});
