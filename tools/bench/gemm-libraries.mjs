// GFLOPS of oneDNN's dnnl_sgemm (what the native backend calls), oneDNN's matmul primitive and
// OpenBLAS (a reference, when libopenblas0 is installed) at the mlp and mlp-deep workloads' GEMM
// shapes, on 1 and 2 threads, for docs/BENCHMARKS.md.
//
//   node tools/bench/gemm-libraries.mjs [rounds=3] [libraries=sgemm,matmul,openblas] [threads=1,2]
//
// Compiles gemm-libraries.cc (g++, libdnnl-dev) into a temporary folder, then runs every
// (library, threads, shape) as its own process, rounds interleaved, and prints the median over
// rounds of each process's median GFLOPS (best call in brackets), with the 1-minute load average
// at the start and end. OMP_WAIT_POLICY=passive as the native backend sets it, unless given.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [roundsText = '3', librariesText = 'sgemm,matmul,openblas', threadsText = '1,2'] = process.argv.slice(2);
const libraries = librariesText.split(',');
const threadCounts = threadsText.split(',').map(Number);
// [m, n, k, transposes]: forward, input gradient and weight gradient of mlp-deep's 1200x1200 and
// 784x1200 layers at batch 512, and of mlp's 784x300 and 300x10 layers at batch 64.
const SHAPES = [
  [512, 1200, 1200, 'NN'], [512, 1200, 1200, 'NT'], [1200, 1200, 512, 'TN'],
  [512, 1200, 784, 'NN'], [784, 1200, 512, 'TN'], [512, 784, 1200, 'NT'],
  [64, 300, 784, 'NN'], [784, 300, 64, 'TN'], [64, 784, 300, 'NT'], [64, 10, 300, 'NN'],
];

const binary = join(mkdtempSync(join(tmpdir(), 'nnlab-gemm-')), 'gemm-libraries');
const source = join(dirname(fileURLToPath(import.meta.url)), 'gemm-libraries.cc');
execFileSync('g++', ['-O2', '-fopenmp', source, '-o', binary, '-ldnnl', '-ldl'], { stdio: 'inherit' });
const env = { ...process.env, OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'passive' };

const loadStart = loadavg()[0];
const results = new Map();
for (let round = 0; round < Number(roundsText); round++) {
  for (const threads of threadCounts) {
    for (const [m, n, k, t] of SHAPES) {
      for (const library of round % 2 === 0 ? libraries : [...libraries].reverse()) {
        const key = `${threads}|${m}x${n}x${k} ${t}|${library}`;
        let line;
        try {
          line = execFileSync(binary, [library, String(threads), String(m), String(n), String(k), t], { env, encoding: 'utf8' });
        } catch {
          continue; // e.g. no OpenBLAS here: that column stays empty
        }
        const [median, best] = line.trim().split(' ').map(Number);
        results.set(key, [...(results.get(key) ?? []), { median, best }]);
      }
    }
  }
}
const middle = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
console.log(`GFLOPS, median over ${roundsText} rounds (best call); OMP_WAIT_POLICY=${env.OMP_WAIT_POLICY}; load average ${loadStart.toFixed(2)} -> ${loadavg()[0].toFixed(2)}`);
console.log(`| threads | m x n x k | ${libraries.join(' | ')} |`);
console.log(`| ---: | --- | ${libraries.map(() => '---:').join(' | ')} |`);
for (const threads of threadCounts) {
  for (const [m, n, k, t] of SHAPES) {
    const cells = libraries.map((library) => {
      const runs = results.get(`${threads}|${m}x${n}x${k} ${t}|${library}`);
      return runs === undefined ? '-' : `${middle(runs.map((r) => r.median)).toFixed(0)} (${Math.max(...runs.map((r) => r.best)).toFixed(0)})`;
    });
    console.log(`| ${threads} | ${m}x${n}x${k} ${t} | ${cells.join(' | ')} |`);
  }
}
