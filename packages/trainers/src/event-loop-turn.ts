/** Gives the event loop a turn: see {@link eventLoopTurns}. */
export interface EventLoopTurns {
  /** Resolves after the event loop has run other tasks (timers, input, signal handlers). */
  next(): Promise<void>;
  /** Releases the channels; call when done (a listening port keeps a Node process alive, which a turn in flight needs). */
  close(): void;
}

/**
 * A way to yield to the event loop that works the same in Node and in
 * browsers, without a Node-only scheduling call and without sleeping. Each
 * turn is a message on a `MessageChannel`, a macrotask without
 * `setTimeout`'s clamp, so a page paints and handles input between steps
 * (awaiting a tensor's `data()` is not enough: on cpu and wasm it settles as
 * a microtask). Turns alternate between two channels: Node delivers the
 * messages of one port in batches of up to a thousand, posted ones included,
 * before its timers, signal handlers (Ctrl-C) and I/O run, but it hands
 * each port at most one batch per loop iteration, so a message on the other
 * port always waits for a full iteration. A timer turn (`setTimeout(0)`,
 * about 1 ms of sleep in Node, and longer on a loaded machine, where the
 * process then waits for a core) is never needed.
 *
 * @example
 * const turns = eventLoopTurns();
 * try { while (training) { step(); await turns.next(); } } finally { turns.close(); }
 */
export function eventLoopTurns(): EventLoopTurns {
  const channels = [new MessageChannel(), new MessageChannel()];
  const waiting: Array<() => void> = [];
  for (const channel of channels) channel.port1.onmessage = () => waiting.shift()?.();
  let turn = 0;
  return {
    next() {
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        turn ^= 1;
        (channels[turn] as MessageChannel).port2.postMessage(undefined);
      });
    },
    close() {
      for (const channel of channels) {
        channel.port1.onmessage = null;
        channel.port1.close();
        channel.port2.close();
      }
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}
