/**
 * `@nnlab/browser-harness`: headless Chromium for Node programs and tests,
 * through playwright-core and the system's Chromium (no browser download):
 * find it, launch it with flags that work without a GPU or network, serve a
 * folder (and in-memory bytes) on 127.0.0.1 with cross-origin isolation,
 * rasterise SVGs, and build nnlab's demo site when its sources changed.
 */
export { CHROMIUM_INSTALL_HINT, type ChromiumLookup, findChromium } from './find-chromium.js';
export { CHROMIUM_FLAGS, launchChromium, type LaunchedChromium } from './launch-chromium.js';
export { serveStatic, type ServeStaticOptions, type StaticServer } from './serve-static.js';
export { rasterizeSvgs } from './rasterize-svgs.js';
export { ensureDemoBuild, type EnsureDemoBuildOptions } from './ensure-demo-build.js';
