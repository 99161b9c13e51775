// Plain Node ESM, no TypeScript: every public package imports from the
// installed tarballs, has named exports, and registers no tfjs backend on
// import ("sideEffects": false is true). argv: package names.
import * as tf from '@tensorflow/tfjs-core';

const names = process.argv.slice(2);
for (const name of names) {
  const module = await import(name);
  const exported = Object.keys(module);
  if (exported.length === 0) throw new Error(`${name}: no exports`);
  if ('default' in module) throw new Error(`${name}: has a default export (nnlab uses named exports only)`);
  console.log(`${name}: ${exported.length} exports`);
}
const registered = Object.keys(tf.engine().registryFactory);
if (registered.length > 0) throw new Error(`importing the packages registered tfjs backends: ${registered.join(', ')}`);
console.log(`imported ${names.length} packages; no tfjs backend registered on import`);
