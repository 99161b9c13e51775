import { type BackendEnvironment, type BackendProvider, defineBackend } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { planSpeedBench, planToAccuracyBackends, toAccuracyPeerGroups } from './bench-plans.js';
import { choosePeers, describePeerChoice } from './choose-peers.js';
import { describeAccuracyRunEnd, describeBenchRow } from './progress-text.js';
import type { BenchRow } from './run-bench.js';

const backend = (name: string, environments: BackendEnvironment[]): BackendProvider =>
  defineBackend({
    name,
    kind: 'js',
    description: name,
    environments,
    probe: async () => ({ available: false, reason: 'test' }),
    activate: async () => {
      throw new Error('not activated in this test');
    },
  });

const all = [backend('cpu', ['node', 'browser']), backend('wasm', ['node', 'browser']), backend('wasm-stock', ['node', 'browser']), backend('webgl', ['browser'])];
const names = (list: readonly BackendProvider[]) => list.map((b) => b.name);

describe('planSpeedBench', () => {
  it('runs every backend by default, leaves the browser-only ones to the page with browser, and adds the overhead variants on request', () => {
    expect(names(planSpeedBench(all).backends)).toEqual(['cpu', 'wasm', 'wasm-stock', 'webgl']);
    expect(names(planSpeedBench(all, { browser: true }).backends)).toEqual(['cpu', 'wasm', 'wasm-stock']);
    expect(planSpeedBench(all, { workloads: ['mlp'] }).workloads.map((w) => w.name)).toEqual(['mlp']);
    expect(planSpeedBench(all).variants.map((v) => v.name)).toEqual(['nnlab', 'fit']);
    expect(planSpeedBench(all, { compareOverhead: true }).variants).toHaveLength(4);
    expect(() => planSpeedBench(all, { backends: ['nope'] })).toThrow(/nope/);
  });
});

describe('planToAccuracyBackends', () => {
  it('trains on every Node backend but wasm-stock, and in the page on webgl, webgpu, wasm or the named page backends', () => {
    expect(planToAccuracyBackends(all)).toMatchObject({ browser: [] });
    expect(names(planToAccuracyBackends(all).node)).toEqual(['cpu', 'wasm']);
    const both = planToAccuracyBackends(all, { browser: true, backends: ['webgl', 'wasm'] });
    expect([names(both.node), both.browser]).toEqual([['wasm'], ['webgl', 'wasm']]);
    expect(planToAccuracyBackends(all, { browser: true }).browser).toEqual(['webgl', 'webgpu', 'wasm']);
    expect(planToAccuracyBackends(all, { browser: true, backends: ['wasm-stock'] }).browser).toEqual([]);
  });
});

describe('choosePeers', () => {
  const peer = (name: string, reason?: string) => ({ name, unavailableReason: async () => reason });
  const groups = { a: { contenders: [peer('a')], install: 'get a' }, b: { contenders: [peer('b1', 'missing'), peer('b2', 'missing')], install: 'get b' } };

  it('with auto picks the installed groups and says how to install the rest', async () => {
    const choice = await choosePeers(groups, ['auto']);
    expect(choice.chosen.map((p) => p.name)).toEqual(['a']);
    expect(describePeerChoice(choice.auto ?? { installed: [], missing: [] })).toBe('peers (auto): a; not installed: b (get b)');
  });

  it('takes named groups as they are, none as none, and rejects an unknown name naming the known ones', async () => {
    expect((await choosePeers(groups, ['b'])).chosen.map((p) => p.name)).toEqual(['b1', 'b2']);
    expect(await choosePeers(groups, ['none'])).toEqual({ chosen: [] });
    await expect(choosePeers(groups, ['c'])).rejects.toThrow('unknown peer "c"; known peers: a, b, or auto, or none');
  });

  it('the time-to-accuracy groups take tfjs-layers backends from the list given', () => {
    expect(toAccuracyPeerGroups(all)['tfjs-layers']?.contenders.map((c) => c.name)).toEqual(['tfjs-layers (cpu)', 'tfjs-layers (wasm)']);
    expect(toAccuracyPeerGroups([])['tfjs-layers']?.contenders).toEqual([]);
  });
});

describe('progress text', () => {
  it('says what a row measured and how a run ended', () => {
    const row = { backend: 'cpu', workload: 'mlp', variant: 'fit', available: true, samplesPerSec: 12345.6, threads: 2 } as BenchRow;
    expect(describeBenchRow(row)).toBe('cpu mlp fit: 12,346 samples/s (2 threads)');
    expect(describeBenchRow({ ...row, variant: 'nnlab', available: false, reason: 'no GPU' })).toBe('cpu mlp: unavailable: no GPU');
    const end = { type: 'end', recipe: 'r', contender: 'c', seed: 0, index: 1, total: 1 } as const;
    expect(describeAccuracyRunEnd({ ...end, error: 'boom' })).toBe('failed: boom');
  });
});
