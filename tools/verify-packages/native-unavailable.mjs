// Run where oneDNN is hidden: the native backend must say why and what to
// install, and activating it must reject with BackendUnavailableError, not crash.
// argv[2]: a regular expression the probe's reason must match.
import { BackendUnavailableError } from '@nnlab/core';
import { nativeBackend } from '@nnlab/backend-native';

const expected = new RegExp(process.argv[2] ?? '.');
const probe = await nativeBackend.probe();
console.log(JSON.stringify(probe));
if (probe.available) throw new Error('native backend reports itself available without oneDNN');
if (!expected.test(probe.reason ?? '')) throw new Error(`probe reason does not match ${expected}: ${probe.reason}`);
if (!/apt-get install/.test(probe.install ?? '')) throw new Error(`probe gives no install command: ${probe.install}`);
const error = await nativeBackend.activate().then(() => undefined, (e) => e);
if (!(error instanceof BackendUnavailableError)) throw new Error(`activate() did not reject with BackendUnavailableError: ${error}`);
console.log(`activate() rejected: ${error.code} ${error.message}`);
