#!/usr/bin/env node
// Writes the notmnist-mlp lab's seeded train/test split of an image folder to
// .cache/labs/notmnist-mlp/ as IDX files, as the TypeScript lab does when it
// loads the folder, so the PyTorch twin (tools/labs/notmnist-mlp.py, which
// calls this when the split is missing) trains on the same arrays.
// Usage: node tools/labs/export-notmnist-split.mjs folder:DIR SEED   (after `npx turbo run build`)
import { loadNotmnistData, notmnistExportDirectory } from '../../examples/labs/dist/notmnist-mlp/load-notmnist-data.js';

const [spec, seedText] = process.argv.slice(2);
const seed = Number(seedText);
if (spec === undefined || !Number.isInteger(seed)) {
  console.error('usage: node tools/labs/export-notmnist-split.mjs folder:DIR SEED');
  process.exit(2);
}
await loadNotmnistData(spec, { seed });
console.log(`exported ${notmnistExportDirectory(spec, seed)}`);
