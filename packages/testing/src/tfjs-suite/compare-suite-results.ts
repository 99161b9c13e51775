import type { SuiteResult } from './suite-types.js';

/** A spec's full name with the backend's name (jasmine_util puts it after the suite name) made neutral. */
export function neutralSpecName(name: string, backend: string): string {
  return name.replaceAll(` ${backend} {`, ' <backend> {');
}

/**
 * Specs `base` passes that `derived` fails or excludes, by their neutral
 * names: a backend built on another (native on tfjs-backend-cpu, nnlab's wasm
 * on tfjs-backend-wasm) must pass every one of them. Specs the derived run
 * never registered (jasmine_util constraints on the backend's name, such as
 * "Switching cpu backends") do not count.
 */
export function specsLostAgainst(derived: SuiteResult, base: SuiteResult): string[] {
  const basePassed = new Set(base.passedNames.map((name) => neutralSpecName(name, base.backend)));
  const lost = [...derived.excludedNames, ...derived.failures.map((failure) => failure.name)].map((name) => neutralSpecName(name, derived.backend));
  return lost.filter((name) => basePassed.has(name)).sort();
}
