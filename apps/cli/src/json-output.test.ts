import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './program.js';
import { captureOutput } from './test-output.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(import.meta.dirname, '..', 'bin', 'nnlab.js');
const BUILT = existsSync(join(import.meta.dirname, '..', 'dist', 'bin.js'));
const made: string[] = [];
afterAll(async () => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

const TINY_TRAIN = ['--model', 'mlp:784-8-10', '--backend', 'cpu', '--epochs', '1', '--limit', '200', '--batch-size', '50'];

/** Runs `argv` through `main` and parses the whole of stdout as JSON: it must be one document and nothing else. */
async function runJson(argv: string[]): Promise<{ code: number; json: Record<string, unknown>; err: string }> {
  const io = captureOutput();
  const code = await main([...argv, '--json'], io);
  const stdout = io.out();
  expect(stdout.endsWith('\n') && stdout.indexOf('\n') === stdout.length - 1, `stdout of ${argv.join(' ')} is one line: ${stdout.slice(0, 200)}`).toBe(true);
  return { code, json: JSON.parse(stdout) as Record<string, unknown>, err: io.err() };
}

describe('--json: stdout is exactly one JSON document', () => {
  it('for every command that has --json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nnlab-json-'));
    made.push(dir);
    const save = join(dir, 'run');
    const commands: Array<[string[], Record<string, unknown>]> = [
      [['backends'], { command: 'backends' }],
      [['train', ...TINY_TRAIN, '--save', save], { command: 'train', trainExamples: 180, validationExamples: 20 }],
      [['checkpoint', 'inspect', save], { epoch: 1 }],
      [['export', save], { command: 'export', format: 'onnx', opset: 17 }],
      [['export', save, '--format', 'tfjs'], { command: 'export', format: 'tfjs' }],
      [['predict', save, 'mnist-10k', '--backend', 'cpu', '--limit', '2'], { command: 'predict', examples: 2000 }],
      [['predict', `${save}.onnx`, 'mnist-10k', '--limit', '2'], { command: 'predict', kind: 'onnx' }],
      [['summary', 'cnn'], { command: 'summary', parameters: 108_874 }],
      [['data', 'inspect', 'mnist-10k'], { command: 'data inspect', name: 'mnist-10k' }],
      [['gradcheck', '--backend', 'cpu', '--model', 'mlp:3-4-3', '--l2', '0'], { command: 'gradcheck', passed: true }],
      [['bench', '--quick', '--backend', 'cpu', '--workload', 'mlp', '--budget', '0.1', '--repeats', '1', '--peers', 'none'], { command: 'bench' }],
      ...(BUILT ? [[['sweep', '--model', 'mlp:784-{hidden}-10', '--grid', 'hidden=4', ...TINY_TRAIN.slice(2), '--workers', '1'], { command: 'sweep', completed: 1 }] as [string[], Record<string, unknown>]] : []),
    ];
    for (const [argv, expected] of commands) {
      const { code, json, err } = await runJson(argv);
      expect(code, `${argv.join(' ')}: ${err}`).toBe(0);
      expect(json, argv.join(' ')).toMatchObject(expected);
    }
  }, 120_000);

  it.each([
    [['train', '--epochs', '0'], 2, 'E_USAGE', /--epochs.*must be an integer >= 1/],
    [['frobnicate'], 2, 'E_USAGE', /unknown command 'frobnicate'/],
    [['train', '--model', 'mlpp', '--backend', 'cpu'], 1, 'E_INVALID_ARGUMENT', /unknown model "mlpp" \(did you mean "mlp"\?\)/],
    [['train', '--dataset', 'mnist10k', '--backend', 'cpu'], 1, 'E_INVALID_ARGUMENT', /unknown dataset "mnist10k" \(did you mean "mnist-10k"\?\)/],
    [['bench', '--workload', 'mpl'], 1, 'E_INVALID_ARGUMENT', /unknown workload "mpl" \(did you mean "mlp"\?\)/],
    [['train', '--backend', 'wsm'], 1, 'E_NOT_FOUND', /unknown backend "wsm" \(did you mean "wasm"\?\)/],
    [['checkpoint', 'inspect', '/nonexistent/nnlab-run'], 1, 'E_NOT_FOUND', /checkpoint not found/],
  ])('on failure, %j: an error object with code, message and exit code (and the usual line on stderr)', async (argv, exitCode, code, message) => {
    const run = await runJson(argv);
    expect(run.code).toBe(exitCode);
    expect(run.json).toEqual({ error: { code, message: expect.stringMatching(message), exitCode } });
    expect(run.err).toMatch(/^nnlab: error: /m);
  });
});

/** Runs a command in a child process and collects its output; `onErr` sees stderr as it grows. */
function runProcess(command: string, args: string[], onErr?: (err: string, child: ReturnType<typeof spawn>) => void, onStart?: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    onStart?.(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      onErr?.(err, child);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe.skipIf(!BUILT)('--json through a real pipe (built CLI)', () => {
  if (!BUILT) console.log('skipped: apps/cli/dist is not built (run pnpm build)');

  it('`pnpm nnlab ... --json` prints no pnpm banner: stdout parses as JSON, and the exit code is kept', async () => {
    const ok = await runProcess('pnpm', ['nnlab', 'backends', '--json']);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.out) as { backends: unknown[] }).backends.length).toBeGreaterThan(3);
    const bad = await runProcess('pnpm', ['nnlab', 'bench', '--workload', 'mpl', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ error: { code: 'E_INVALID_ARGUMENT', exitCode: 1 } });
  }, 60_000);

  it('Ctrl-C of a train run without --save says so, exits 130, and still prints one JSON document', async () => {
    let sent = false;
    const run = await runProcess(process.execPath, [BIN, 'train', ...TINY_TRAIN.slice(0, 6), '--epochs', '100', '--no-progress', '--json'], (err, child) => {
      if (!sent && /^epoch +1\/100/m.test(err)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(run.code).toBe(130);
    expect(run.err).toMatch(/^nnlab: train interrupted by SIGINT after [\d.]+s; nothing was saved \(with --save DIR/m);
    expect(JSON.parse(run.out)).toMatchObject({ error: { code: 'E_INTERRUPTED', exitCode: 130 } });
  }, 60_000);

  it('Ctrl-C of a benchmark says what stopped', async () => {
    // Sent once the first cell's progress line is out (start-up done, however busy the machine), inside the 60-second budget.
    let sent = false;
    const run = await runProcess(process.execPath, [BIN, 'bench', '--backend', 'cpu', '--workload', 'mlp', '--budget', '60', '--peers', 'none'], (err, child) => {
      if (!sent && /^nnlab: bench \[1\/1\] cpu mlp: /m.test(err)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(run.code).toBe(130);
    expect(run.err).toMatch(/nnlab: bench interrupted by SIGINT after [\d.]+s/);
    expect(run.out).toBe('');
  }, 60_000);
});
