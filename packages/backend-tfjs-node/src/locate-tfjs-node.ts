/** What {@link locateTfjsNode} found. */
export type TfjsNodeLocation =
  | { readonly found: true; readonly directory: string }
  | { readonly found: false; readonly reason: string; readonly install: string };

const INSTALL = 'npm i @tensorflow/tfjs-node (downloads libtensorflow at install time)';

/**
 * Finds `@tensorflow/tfjs-node` from this package without loading it (loading
 * starts libtensorflow and selects its backend) and checks that its install
 * script left the native addon behind (`lib/napi-v<N>/tfjs_binding.node`,
 * built against the libtensorflow it downloads).
 *
 * @param from - file (path or URL) whose `node_modules` lookup is used; default this module.
 * @example
 * const where = await locateTfjsNode();
 * if (!where.found) console.log(where.reason, where.install);
 */
export async function locateTfjsNode(from: string | URL = import.meta.url): Promise<TfjsNodeLocation> {
  const { createRequire } = await import('node:module');
  const { dirname, join } = await import('node:path');
  const { existsSync, readdirSync } = await import('node:fs');
  let directory: string;
  try {
    directory = dirname(createRequire(from).resolve('@tensorflow/tfjs-node/package.json'));
  } catch {
    return { found: false, reason: '@tensorflow/tfjs-node is not installed', install: INSTALL };
  }
  const lib = join(directory, 'lib');
  const addons = existsSync(lib)
    ? readdirSync(lib).filter((entry) => entry.startsWith('napi-v') && existsSync(join(lib, entry, 'tfjs_binding.node')))
    : [];
  if (addons.length === 0) {
    return {
      found: false,
      reason: `@tensorflow/tfjs-node is installed at ${directory} but its native addon (lib/napi-v*/tfjs_binding.node) is missing: its install script, which downloads libtensorflow, did not run or failed`,
      install: 'npm rebuild @tensorflow/tfjs-node (needs network access to download libtensorflow)',
    };
  }
  return { found: true, directory };
}
