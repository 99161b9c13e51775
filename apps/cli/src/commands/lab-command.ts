import { UsageError } from '../usage-error.js';

/** What `nnlab lab` says: the labs are examples in the repository, run with `pnpm lab`. */
export const LAB_COMMAND_MESSAGE =
  'the labs are examples in the nnlab repository, not part of the published CLI: in a checkout run `pnpm lab` to list them and `pnpm lab <name>` to run one (see examples/labs/README.md)';

/**
 * `nnlab lab [name]`: points to `pnpm lab`, where the labs live (issue #15
 * asks for either command; shipping the labs' data and PyTorch twins in the
 * published CLI would not make sense). Always a usage error (exit 2).
 */
export function labCommand(): never {
  throw new UsageError(LAB_COMMAND_MESSAGE);
}
