import type { BackendProvider } from '@nnlab/core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { tfjsNodeBackend } from '@nnlab/backend-tfjs-node';
import { wasmBackend } from '@nnlab/backend-wasm';

/**
 * A backend that can never run in this process; listed so `nnlab backends`
 * and `nnlab bench` say plainly why instead of leaving users to wonder.
 */
function unavailableHere(name: string, kind: BackendProvider['kind'], description: string, reason: string, install?: string): BackendProvider {
  const probe = { available: false, reason, ...(install === undefined ? {} : { install }) };
  return {
    name,
    kind,
    description,
    environments: kind === 'gpu' ? ['browser'] : ['node'],
    probe: async () => probe,
    activate: async () => {
      const { BackendUnavailableError } = await import('@nnlab/core');
      throw new BackendUnavailableError(name, reason, install);
    },
  };
}

/**
 * Every backend the CLI knows, in order of preference for `--backend auto`.
 * This list is the only place in nnlab that knows every backend.
 */
export function knownBackends(): BackendProvider[] {
  return [
    unavailableHere('native', 'native', 'oneDNN N-API addon (@nnlab/backend-native)', 'not built yet: @nnlab/backend-native is not part of this release'),
    tfjsNodeBackend,
    wasmBackend,
    cpuBackend,
    unavailableHere('webgl', 'gpu', 'WebGL (@nnlab/backend-webgl)', 'needs a browser: WebGL does not exist in Node'),
    unavailableHere('webgpu', 'gpu', 'WebGPU (@nnlab/backend-webgpu)', 'needs a browser: WebGPU does not exist in Node'),
  ];
}
