import { accessSync, constants } from 'node:fs';

/** Where a Chromium was found, or why none was. */
export type ChromiumLookup = { readonly path: string } | { readonly path?: undefined; readonly reason: string };

/** What to tell a user without a Chromium. */
export const CHROMIUM_INSTALL_HINT = 'install one with `apt-get install chromium` (Debian/Ubuntu), or set NNLAB_CHROMIUM=/path/to/chrome';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a Chromium-family browser to drive with playwright-core: the
 * `NNLAB_CHROMIUM` environment variable if set (and it must then exist),
 * else the first of `candidates` (default Debian's `/usr/bin/chromium` and the
 * usual Chrome paths) that is executable. Playwright's
 * own browser download is not used: it needs network access nnlab cannot assume.
 *
 * @example
 * const found = findChromium();
 * if (found.path === undefined) console.log(found.reason);
 */
export function findChromium(environment: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = CANDIDATES): ChromiumLookup {
  const configured = environment.NNLAB_CHROMIUM;
  if (configured !== undefined && configured !== '') {
    return executable(configured) ? { path: configured } : { reason: `NNLAB_CHROMIUM=${configured} is not an executable file: ${CHROMIUM_INSTALL_HINT}` };
  }
  const found = candidates.find(executable);
  return found === undefined ? { reason: `no Chromium found (looked for ${candidates.join(', ')}): ${CHROMIUM_INSTALL_HINT}` } : { path: found };
}
