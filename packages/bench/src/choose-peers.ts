import { InvalidArgumentError } from '@nnlab/core';

/** A peer framework as `choosePeers` sees it: its contenders and how to install it. */
export interface PeerGroup<T> {
  readonly contenders: readonly T[];
  /** How to install it, e.g. `npm i @jax-js/jax@0.1.25`. */
  readonly install: string;
}

/** What {@link choosePeers} picked. */
export interface PeerChoice<T> {
  readonly chosen: readonly T[];
  /** With `auto`: the names of the groups found installed and `name (how to install)` of those not; undefined otherwise. */
  readonly auto?: { readonly installed: readonly string[]; readonly missing: readonly string[] };
}

/**
 * The peers to run: the named groups (`['torch']`); `['none']`; or `['auto']`,
 * every group with at least one available contender, saying which are not
 * installed and how to install them. `select` picks named peers when a group
 * name is not all the caller accepts (the speed bench's `jax-js-eager`).
 *
 * @example
 * const { chosen, auto } = await choosePeers(speedPeerGroups(), ['auto']);
 * if (auto !== undefined) console.error(describePeerChoice(auto));
 */
export async function choosePeers<T extends { unavailableReason(): Promise<string | undefined> }>(
  groups: Readonly<Record<string, PeerGroup<T>>>,
  names: readonly string[],
  select?: (names: readonly string[]) => T[],
): Promise<PeerChoice<T>> {
  if (names.length === 1 && names[0] === 'none') return { chosen: [] };
  if (!(names.length === 1 && names[0] === 'auto')) {
    if (select !== undefined) return { chosen: select(names) };
    return {
      chosen: names.flatMap((name) => {
        const group = groups[name];
        if (group === undefined) throw new InvalidArgumentError(`unknown peer "${name}"; known peers: ${Object.keys(groups).join(', ')}, or auto, or none`);
        return group.contenders;
      }),
    };
  }
  const chosen: T[] = [];
  const installed: string[] = [];
  const missing: string[] = [];
  for (const [name, group] of Object.entries(groups)) {
    const reasons = await Promise.all(group.contenders.map((c) => c.unavailableReason()));
    if (reasons.every((r) => r !== undefined)) missing.push(`${name} (${group.install})`);
    else {
      chosen.push(...group.contenders);
      installed.push(name);
    }
  }
  return { chosen, auto: { installed, missing } };
}

/** `peers (auto): torch; not installed: jax-js (npm i @jax-js/jax@0.1.25)`: what `auto` picked, for a log line. */
export function describePeerChoice(auto: NonNullable<PeerChoice<unknown>['auto']>): string {
  return `peers (auto): ${auto.installed.length === 0 ? 'none installed' : auto.installed.join(', ')}${auto.missing.length > 0 ? `; not installed: ${auto.missing.join('; ')}` : ''}`;
}
