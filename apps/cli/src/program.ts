import { Command, CommanderError } from 'commander';
import type { BackendProvider } from '@nnlab/core';
import { isNnlabError } from '@nnlab/core';
import type { CommandContext } from './command-context.js';
import { createBackendsCommand } from './commands/backends-command.js';
import { createBenchCommand } from './commands/bench-command.js';
import { createCheckpointImportCommand } from './commands/checkpoint-import-command.js';
import { createCheckpointInspectCommand } from './commands/checkpoint-inspect-command.js';
import { createDataInspectCommand } from './commands/data-inspect-command.js';
import { createExportCommand } from './commands/export-command.js';
import { createGradcheckCommand } from './commands/gradcheck-command.js';
import { createPredictCommand } from './commands/predict-command.js';
import { createSummaryCommand } from './commands/summary-command.js';
import { createSweepCommand } from './commands/sweep-command.js';
import { createTrainCommand } from './commands/train-command.js';
import { createWorkerCommand } from './commands/worker-command.js';
import { escapeControl } from './escape-control.js';
import { ExitRequest } from './exit-request.js';
import { knownBackends } from '@nnlab/backends';
import { jsonModeOutput, type Output, printJson } from './output.js';
import { reportInterrupts } from './interrupt-message.js';
import { flagMessage } from './flag-message.js';
import { UsageError } from './usage-error.js';

const HELP_AFTER_ERROR = '(run with --help for usage)';

/** Gives `command` and its sub-commands the program's error handling and output, as `parent.command()` would. */
function inherit(command: Command, parent: Command): void {
  command.exitOverride().configureOutput(parent.configureOutput()).showHelpAfterError(HELP_AFTER_ERROR);
  for (const child of command.commands) inherit(child, command);
}

/** Adds `child` to `parent` with the program's error handling and output. */
function adopt(parent: Command, child: Command): Command {
  inherit(child, parent);
  parent.addCommand(child);
  return parent;
}

/** The `nnlab` program: each command is defined in its own file under `commands/`; this only assembles them. */
function buildProgram(context: CommandContext): Command {
  const { output } = context;
  const program = new Command('nnlab')
    .description('Train neural networks on TensorFlow.js with any backend, and find out which backend is fastest here.')
    .version('0.1.0')
    .showHelpAfterError(HELP_AFTER_ERROR)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.stdout.write(text),
      writeErr: (text) => output.stderr.write(text.startsWith('error:') ? `nnlab: ${text}` : text),
    });
  for (const create of [createBackendsCommand, createTrainCommand, createSweepCommand, createWorkerCommand, createBenchCommand, createGradcheckCommand]) {
    adopt(program, create(context));
  }
  adopt(program, adopt(new Command('data').description('look at datasets'), createDataInspectCommand(context)));
  const checkpoint = new Command('checkpoint').description('look at checkpoints');
  adopt(checkpoint, createCheckpointInspectCommand(context));
  adopt(checkpoint, createCheckpointImportCommand(context));
  adopt(program, checkpoint);
  for (const create of [createExportCommand, createPredictCommand, createSummaryCommand]) adopt(program, create(context));
  return program;
}

/** Whether `argv` asks for `--json` output (before any `--`). */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** The stable code and message of an error, for `--json`'s `{"error": {...}}` document. */
function errorCode(error: unknown): string {
  if (error instanceof ExitRequest) return error.code;
  if (error instanceof CommanderError) return 'E_USAGE';
  if (error instanceof UsageError) return 'E_USAGE';
  if (isNnlabError(error)) return error.code;
  return 'E_INTERNAL';
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit
 * code: 0 success, 1 a clear error (bad file, unavailable backend, ...),
 * 2 bad usage, 3 a diverged run, 130/143 after Ctrl-C/SIGTERM. Errors print
 * one line starting with `nnlab: error:`; the stack only with NNLAB_DEBUG=1.
 * With `--json`, stdout carries exactly one JSON document, the result or
 * `{"error": {"code", "message", "exitCode"}}`, and every human line goes
 * to stderr.
 */
export async function main(argv: readonly string[], output: Output, backends: readonly BackendProvider[] = knownBackends()): Promise<number> {
  const json = wantsJson(argv) ? jsonModeOutput(output) : undefined;
  const commandOutput = json ?? output;
  const printError = (code: string, message: string, exitCode: number): void => {
    if (json !== undefined && !json.jsonWritten()) printJson(json, { error: { code, message, exitCode } });
  };
  const program = buildProgram({ backends, output: commandOutput });
  const stopReporting = reportInterrupts(argv[0] ?? 'nnlab', output, (message, exitCode) => printError('E_INTERRUPTED', message, exitCode));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    const exitCode = exitCodeOf(error, commandOutput);
    if (exitCode !== 0) printError(errorCode(error), flagMessage(error).replace(/^error: /, '').split('\n')[0] ?? '', exitCode);
    return exitCode;
  } finally {
    stopReporting();
  }
}

/** The exit code for an error a command threw, after printing its one line (commander prints its own). */
function exitCodeOf(error: unknown, output: Output): number {
  if (error instanceof ExitRequest) return error.exitCode; // the command already said why
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
    return 2; // commander already printed the message
  }
  const debug = process.env.NNLAB_DEBUG === '1';
  const message = flagMessage(error);
  // Our own errors are the user's to fix; anything else is a bug of ours and says so.
  const prefix = isNnlabError(error) ? '' : 'internal error: ';
  const hint = isNnlabError(error) || debug ? '' : ' (set NNLAB_DEBUG=1 to see the stack)';
  // Messages quote names from files (metadata, tensor and class names): escaped, one line.
  output.stderr.write(`nnlab: error: ${prefix}${escapeControl(message.split('\n')[0] ?? '')}${hint}\n`);
  if (debug) output.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  return error instanceof UsageError ? 2 : 1;
}
