// The CLI's programmatic entry (`main`, what bin/nnlab.js runs) and, until it finds a package of its
// own, the headless-browser harness the demo's browser tests and verify:packages' browser check use.
// Nothing else: what a program would want lives in the libraries (@nnlab/sweeps, @nnlab/report, ...).
export { main } from './program.js';
export type { Output } from './output.js';
export { demoDirectory, ensureDemoBuild, type EnsureDemoBuildOptions } from './browser/ensure-demo-build.js';
export { CHROMIUM_INSTALL_HINT, type ChromiumLookup, findChromium } from './browser/find-chromium.js';
export { CHROMIUM_FLAGS, launchChromium, type LaunchedChromium } from './browser/launch-chromium.js';
export { type ServeStaticOptions, serveStatic, type StaticServer } from './browser/serve-static.js';
