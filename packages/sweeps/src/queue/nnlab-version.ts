import { createRequire } from 'node:module';

/**
 * The version of the nnlab CLI running here, read from its package.json
 * (`src/` and `dist/` both sit one level below it). Queue payloads carry it
 * so that a worker can refuse trials from an incompatible sweep.
 *
 * @example
 * nnlabVersion(); // '0.1.0'
 */
export function nnlabVersion(): string {
  const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
  return pkg.version;
}

/**
 * True when a worker at version `worker` may run a trial enqueued by version
 * `sweep`: the same major version, and for 0.x the same minor (semver's rule
 * for what may break), because the trial's job format and training defaults
 * must mean the same on both sides.
 *
 * @example
 * compatibleVersions('0.1.0', '0.1.3'); // true
 * compatibleVersions('0.1.0', '0.2.0'); // false
 */
export function compatibleVersions(sweep: string, worker: string): boolean {
  const [sMajor, sMinor] = sweep.split('.');
  const [wMajor, wMinor] = worker.split('.');
  if (sMajor === undefined || sMajor !== wMajor) return false;
  return sMajor !== '0' || sMinor === wMinor;
}
