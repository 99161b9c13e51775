import { expect, it } from 'vitest';
import { loadNativeAddon } from './load-native-addon.js';
import { describeNative } from './native-available.test-helper.js';

// Needs the built addon (CI installs libdnnl-dev via tools/setup.sh). The adaptive
// one-vs-parallel thread choice of large GEMMs and convolutions (native/thread-choice.h),
// replayed on made-up timings so the policy is checked without a clock.

const load = loadNativeAddon();
const replay = (one: number[], parallel: number[]): number[] => {
  if (!load.ok) throw new Error(load.reason);
  return Array.from(load.addon.simulateThreadChoice(2, Float64Array.from(one), Float64Array.from(parallel)));
};
const filled = (length: number, value: (i: number) => number): number[] => Array.from({ length }, (_, i) => value(i));
const count = (choices: number[], threads: number): number => choices.filter((t) => t === threads).length;

describeNative('adaptive thread choice', () => {
  it('alternates for three calls per arm, then runs two threads and re-times one thread every 64th call when two threads clearly win', () => {
    const choices = replay(filled(646, () => 10e-3), filled(646, () => 5.5e-3));
    expect(choices.slice(0, 6)).toEqual([2, 1, 2, 1, 2, 1]);
    expect(count(choices.slice(6), 1)).toBe(10); // calls 64, 128, ..., 640
  });

  it('re-times the other arm every 16th call while the two are close', () => {
    const choices = replay(filled(646, () => 10e-3), filled(646, () => 9e-3));
    expect(count(choices.slice(6), 1)).toBe(40);
  });

  it('keeps one thread when two lose, and still re-times two threads every 16th call', () => {
    const choices = replay(filled(646, () => 5e-3), filled(646, () => 8e-3));
    expect(count(choices.slice(6), 2)).toBe(40);
  });

  it('takes the fastest warm-up call, so a slow first call (JIT, page faults) does not hide two threads', () => {
    const choices = replay(filled(200, () => 10e-3), filled(200, (i) => (i === 0 ? 0.2 : 5.5e-3)));
    expect(choices.slice(6, 63).every((t) => t === 2)).toBe(true); // call 64 re-times one thread
  });

  it('a single stalled call moves the average by little: one thread comes back within a few calls once two threads slow down', () => {
    // One thread stalls for 4 s on its first re-check (a stopped process); from call 100 on two threads take 20 ms.
    const one = filled(400, (i) => (i === 63 ? 4 : 10e-3));
    const parallel = filled(400, (i) => (i < 100 ? 5.5e-3 : 20e-3));
    const choices = replay(one, parallel);
    expect(choices[63]).toBe(1);
    const back = choices.findIndex((t, i) => i >= 100 && t === 1 && choices[i + 1] === 1);
    expect(back).toBeGreaterThanOrEqual(100);
    expect(back).toBeLessThan(200); // without the cap: call 287
  });

  it('still sees stalls that come often: one thread when every 5th two-thread call waits 20 ms for a core', () => {
    const parallel = filled(2000, (i) => (i % 5 === 0 ? 20e-3 : 1e-3)); // 4.8 ms on average
    const choices = replay(filled(2000, () => 3e-3), parallel);
    expect(count(choices.slice(100), 2)).toBeLessThan(200);
  });

  it('follows a lasting change of the load both ways', () => {
    // Two threads win, then lose for 300 calls (another process takes a core), then win again.
    const parallel = filled(1000, (i) => (i >= 300 && i < 600 ? 15e-3 : 5.5e-3));
    const choices = replay(filled(1000, () => 10e-3), parallel);
    expect(count(choices.slice(350, 600), 1)).toBeGreaterThan(220);
    expect(count(choices.slice(700, 1000), 2)).toBeGreaterThan(280);
  });

  it('refuses a parallel count below 2 or arrays of different lengths', () => {
    if (!load.ok) throw new Error(load.reason);
    expect(() => load.addon.simulateThreadChoice(1, new Float64Array(2), new Float64Array(2))).toThrow(/parallel >= 2/);
    expect(() => load.addon.simulateThreadChoice(2, new Float64Array(2), new Float64Array(3))).toThrow(/equal length/);
  });
});
