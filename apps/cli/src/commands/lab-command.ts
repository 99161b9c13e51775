import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExitRequest } from '../exit-request.js';
import type { Output } from '../output.js';
import type { CommandContext } from '../command-context.js';
import { UsageError } from '../usage-error.js';

/** What `nnlab lab` says outside a checkout: the labs are examples in the repository, run with `pnpm lab`. */
export const LAB_COMMAND_MESSAGE =
  'the labs are examples in the nnlab repository, not part of the published CLI: in a checkout (after `pnpm build`) `nnlab lab` and `pnpm lab` list them and `pnpm lab <name>` runs one (see examples/labs/README.md)';

/** The labs runner of the checkout this CLI was built in: `apps/cli/{src,dist}/commands/` is four levels below the root. */
export function checkoutLabRunner(): string {
  return fileURLToPath(new URL('../../../../examples/labs/dist/run-lab.js', import.meta.url));
}

/**
 * `nnlab lab [name] [options]`: in a checkout, runs the labs runner
 * (`pnpm lab`) with the same arguments and its exit code, so issue #15's
 * two spellings do the same. The labs are not in the published CLI (their
 * data and PyTorch twins live in the repository), so elsewhere it is a
 * usage error (exit 2) that says where they are.
 */
export async function labCommand(args: readonly string[], output: Output, runner: string = checkoutLabRunner()): Promise<void> {
  if (!existsSync(runner)) throw new UsageError(LAB_COMMAND_MESSAGE);
  const child = spawn(process.execPath, [runner, ...args], { stdio: ['inherit', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => output.stdout.write(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.stderr.write(chunk.toString()));
  // Ctrl-C reaches the child through the terminal; this process waits for its verdict.
  // A SIGTERM sent to this process alone is passed on, so the lab never outlives it.
  const ignore = (): void => {};
  const forward = (): void => void child.kill('SIGTERM');
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  try {
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status, signal) => resolve(status ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1)));
    });
    if (code !== 0) throw new ExitRequest(code, `pnpm lab exited with ${code}`);
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', forward);
  }
}

/** `nnlab lab [name] ...`: passes every argument on to the checkout's labs runner. */
export function createLabCommand(context: CommandContext): Command {
  return new Command('lab')
    .argument('[name]')
    .description('the five classic labs, in a checkout: `nnlab lab` lists them, `nnlab lab <name> [--quick] [--parity] ...` runs one (the same as `pnpm lab`)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (_name: string | undefined, _options: unknown, command: Command) => labCommand(command.args, context.output));
}
