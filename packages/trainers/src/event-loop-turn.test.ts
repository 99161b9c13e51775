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
    // Within a turn or two of the timer's 5 ms (25 steps of 0.2 ms), far from the thousand
    // messages Node delivers on one port before its timers run, and from the 5 s bound.
    expect(count).toBeLessThan(250);
  });

  it('lets a signal handler run within a few turns', async () => {
    let handled = -1;
    let count = 0;
    const onSignal = (): void => {
      handled = count;
    };
    process.once('SIGUSR2', onSignal);
    const turns = eventLoopTurns();
    try {
      process.kill(process.pid, 'SIGUSR2');
      while (handled < 0 && count < 3000) {
        const until = performance.now() + 0.05;
        while (performance.now() < until);
        await turns.next();
        count += 1;
      }
    } finally {
      turns.close();
      process.off('SIGUSR2', onSignal);
    }
    expect(handled).toBeGreaterThanOrEqual(0);
    expect(handled).toBeLessThan(10);
  });

  it('close() releases a turn in flight', async () => {
    const turns = eventLoopTurns();
    const pending = turns.next();
    turns.close();
    await expect(pending).resolves.toBeUndefined();
  });
});
