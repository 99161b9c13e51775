import { InvalidArgumentError } from '@nnlab/core';
import type { Peer } from './peer.js';
import { jaxJsEagerPeer, jaxJsPeer } from './jax-js-peer.js';
import { torchPeer } from './torch-peer.js';

/** Peer frameworks `nnlab bench --peers` knows, by name. */
export const knownPeers: Readonly<Record<string, Peer>> = { torch: torchPeer, 'jax-js': jaxJsPeer, 'jax-js-eager': jaxJsEagerPeer };

/** Names that bring a companion peer along: jax-js is timed both jit-compiled and eagerly. */
const companions: Readonly<Record<string, readonly string[]>> = { 'jax-js': ['jax-js-eager'] };

/**
 * Peers by name (`['torch']`), for `runBench({ peers })`. `jax-js` also
 * selects `jax-js-eager` (the same step run op by op); duplicates are dropped.
 *
 * @example
 * const report = await runBench({ backends, workloads, peers: selectPeers(['torch']) });
 */
export function selectPeers(names: readonly string[]): Peer[] {
  const selected = names.flatMap((name) => {
    const peer = knownPeers[name];
    if (peer === undefined) throw new InvalidArgumentError(`unknown peer "${name}"; known peers: ${Object.keys(knownPeers).join(', ')}`);
    return [peer, ...(companions[name] ?? []).map((companion) => knownPeers[companion] as Peer)];
  });
  return [...new Set(selected)];
}
