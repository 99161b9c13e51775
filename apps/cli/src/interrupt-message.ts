import type { Output } from './output.js';

/** Exit code after a signal, as a shell reports it (128 + the signal's number). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? 143 : 130;
}

/**
 * Makes Ctrl-C (SIGINT) and SIGTERM say what they stopped. A command that
 * handles a signal itself (train --save saves and prints how to resume, sweep
 * stops its trials and prints the table, worker and lab pass it on) has its
 * own listener; this one then stays quiet. Otherwise it prints one line
 * (what stopped, after how long, and for `train` that nothing was saved),
 * calls `onInterrupt` (which prints the `--json` error document), and exits
 * with 130 or 143 as the default handler would have. Returns the function
 * that removes the listeners.
 */
export function reportInterrupts(command: string, output: Output, onInterrupt: (message: string, exitCode: number) => void): () => void {
  const started = performance.now();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (process.listenerCount(signal) > 1) return;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const advice = command === 'train' ? '; nothing was saved (with --save DIR a run checkpoints every epoch and on Ctrl-C, and --resume DIR continues it)' : '';
    const message = `${command} interrupted by ${signal} after ${seconds}s${advice}`;
    // A new line first: a progress bar may be half drawn on stderr.
    output.stderr.write(`\nnnlab: ${message}\n`);
    const exitCode = signalExitCode(signal);
    onInterrupt(message, exitCode);
    process.exit(exitCode);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
}
