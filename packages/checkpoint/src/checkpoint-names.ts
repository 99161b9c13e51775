/** File in a checkpoint root naming the newest complete checkpoint directory. */
export const LATEST_FILE = 'latest';
/** Model parameters and buffers, PyTorch names and layout. */
export const MODEL_FILE = 'model.safetensors';
/** Optimizer state tensors, nnlab names and layout. */
export const OPTIMIZER_FILE = 'optimizer.safetensors';
/** Everything else, plus the checksums of the two tensor files. */
export const METADATA_FILE = 'checkpoint.json';

const NAME = /^checkpoint-(\d{8,})(?:-r(\d+))?$/;
const TEMP = /^\.(?:tmp|old)-.*-p(\d+)-[0-9a-f]+$/;

/** A checkpoint directory's name, parsed: global step, and a revision when one step was saved twice. */
export interface CheckpointName {
  readonly name: string;
  readonly step: number;
  readonly revision: number;
}

/** `checkpoint-00000250` (zero-padded so `ls` sorts them), or `checkpoint-00000250-r1` for a second save at step 250. */
export function checkpointName(step: number, revision = 0): string {
  const base = `checkpoint-${String(step).padStart(8, '0')}`;
  return revision === 0 ? base : `${base}-r${revision}`;
}

/** Parses a checkpoint directory name; undefined for anything else (so stray names are never used as paths). */
export function parseCheckpointName(name: string): CheckpointName | undefined {
  const match = NAME.exec(name);
  if (match === null) return undefined;
  const step = Number(match[1]);
  const revision = Number(match[2] ?? 0);
  return Number.isSafeInteger(step) && Number.isSafeInteger(revision) ? { name, step, revision } : undefined;
}

/** Checkpoint names among `entries`, oldest first (by step, then revision). */
export function sortCheckpointNames(entries: readonly string[]): CheckpointName[] {
  return entries
    .map(parseCheckpointName)
    .filter((parsed): parsed is CheckpointName => parsed !== undefined)
    .sort((a, b) => a.step - b.step || a.revision - b.revision);
}

/** A unique hidden name for work in progress (`.tmp-...`) or a directory on its way out (`.old-...`). */
export function scratchName(kind: 'tmp' | 'old', label: string): string {
  const random = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(4)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  // No process in a browser: pid 0, which no live process owns.
  return `.${kind}-${label}-p${globalThis.process?.pid ?? 0}-${random}`;
}

/** The process id in a {@link scratchName}, or undefined when `name` is not one. */
export function scratchOwner(name: string): number | undefined {
  const match = TEMP.exec(name);
  return match === null ? undefined : Number(match[1]);
}
