#!/usr/bin/env node
// Builds a debug copy of the oneDNN addon instrumented with AddressSanitizer, for the tests
// (src/native-asan.test.ts): build/asan/build/Debug/nnlab_native.node. The release addon in
// build/Release is left alone. Needs g++ (whose libasan comes with it) and libdnnl-dev.
// Prints the addon's path; exits 1 with the reason when it cannot build.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = join(root, 'build', 'asan');
const addon = join(project, 'build', 'Debug', 'nnlab_native.node');

rmSync(project, { recursive: true, force: true });
mkdirSync(project, { recursive: true });
cpSync(join(root, 'binding.gyp'), join(project, 'binding.gyp'));
cpSync(join(root, 'native'), join(project, 'native'), { recursive: true });

const nodeGyp = createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
const nodeDir = dirname(dirname(process.execPath));
const args = [nodeGyp, 'rebuild', '--debug', `--jobs=${process.env.NNLAB_ASAN_JOBS ?? 2}`];
// Node's own headers when they sit next to node (Debian, official tarballs): no download.
if (existsSync(join(nodeDir, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${nodeDir}`);
const flags = '-fsanitize=address -fno-omit-frame-pointer -O1 -g';
const result = spawnSync(process.execPath, args, {
  cwd: project,
  env: { ...process.env, CFLAGS: flags, CXXFLAGS: flags, LDFLAGS: '-fsanitize=address' },
  encoding: 'utf8',
});
if (result.status !== 0 || !existsSync(addon)) {
  console.error(`@nnlab/backend-native: the AddressSanitizer build failed:\n${(result.stderr ?? '').slice(-3000)}`);
  process.exit(1);
}
console.log(addon);
