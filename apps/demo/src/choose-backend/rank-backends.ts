/** What the page found out about one backend before choosing. */
export interface BackendTrial {
  readonly name: string;
  readonly available: boolean;
  /** The software GPU it would run on ("SwiftShader"), if any: ranked last, not timed. */
  readonly software?: string;
  /** Training examples per second in the probe, when it was timed. */
  readonly samplesPerSec?: number;
  /** Why timing it failed, when it did. */
  readonly failed?: string;
}

/** The backend the page picks, and why in one line. */
export interface BackendChoice {
  readonly name: string;
  readonly why: string;
  /** Every available backend, best first. */
  readonly ranking: readonly string[];
}

const rate = (samplesPerSec: number): string => Math.round(samplesPerSec).toLocaleString('en-US');

function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Ranks the available backends: timed ones fastest first, then ones whose
 * timing failed, then software GPUs (in the order given), and explains the
 * pick, e.g. "wasm: fastest in a 1.2 s probe (wasm 2,310, cpu 402 training
 * samples/s); webgl and webgpu are software (SwiftShader), ranked last".
 * With nothing available it falls back to cpu.
 */
export function rankBackends(trials: readonly BackendTrial[], probeSeconds: number): BackendChoice {
  const available = trials.filter((t) => t.available);
  const timed = available.filter((t) => t.samplesPerSec !== undefined && t.software === undefined).sort((a, b) => (b.samplesPerSec as number) - (a.samplesPerSec as number));
  const failed = available.filter((t) => t.samplesPerSec === undefined && t.software === undefined);
  const software = available.filter((t) => t.software !== undefined);
  const ranking = [...timed, ...failed, ...software].map((t) => t.name);
  const notes: string[] = [];
  const bySoftware = new Map<string, string[]>();
  for (const t of software) bySoftware.set(t.software as string, [...(bySoftware.get(t.software as string) ?? []), t.name]);
  for (const [renderer, names] of bySoftware) notes.push(`${listed(names)} ${names.length === 1 ? 'is' : 'are'} software (${renderer}), ranked last`);
  for (const t of failed) notes.push(t.failed?.startsWith('not timed') ? `${t.name} ${t.failed}` : `${t.name} failed the probe (${t.failed ?? 'no answer'})`);
  const best = ranking[0];
  if (best === undefined) return { name: 'cpu', why: 'cpu: no backend answered the probe', ranking: [] };
  const seconds = `${probeSeconds.toFixed(1)} s`;
  let lead: string;
  if (timed.length > 1) lead = `${best}: fastest in a ${seconds} probe (${timed.map((t) => `${t.name} ${rate(t.samplesPerSec as number)}`).join(', ')} training samples/s)`;
  else if (timed.length === 1) lead = `${best}: the only backend timed (${rate(timed[0]?.samplesPerSec as number)} training samples/s in a ${seconds} probe)`;
  else lead = `${best}: nothing else could be timed`;
  return { name: best, why: [lead, ...notes].join('; '), ranking };
}
