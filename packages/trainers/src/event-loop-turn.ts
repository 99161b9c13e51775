/** Gives the event loop a turn: see {@link eventLoopTurns}. */
export interface EventLoopTurns {
  /** Resolves after the event loop has run other tasks (timers, input, signal handlers). */
  next(): Promise<void>;
  /** Releases the channel; call when done (a listening port keeps a Node process alive, which a turn in flight needs). */
  close(): void;
}

/** Longest stretch of channel turns before a timer turn (see {@link eventLoopTurns}). */
const TIMER_TURN_EVERY_MS = 100;

/**
 * A way to yield to the event loop that works the same in Node and in
 * browsers, without a Node-only scheduling call. Each turn is a message on a
 * `MessageChannel`, a macrotask without `setTimeout`'s 4 ms clamp, so a page
 * paints and handles input between steps (awaiting a tensor's `data()` is not
 * enough: on cpu and wasm it settles as a microtask). Node, though, delivers up
 * to a thousand port messages in one go before its signal and I/O handlers
 * run, so at least every 100 ms a turn is a `setTimeout(0)` instead (about
 * 1 ms in Node, unclamped in browsers after a message task): Ctrl-C and timers
 * get through within that.
 *
 * @example
 * const turns = eventLoopTurns();
 * try { while (training) { step(); await turns.next(); } } finally { turns.close(); }
 */
export function eventLoopTurns(): EventLoopTurns {
  const channel = new MessageChannel();
  const waiting: Array<() => void> = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  let lastTimerTurn = performance.now();
  return {
    next() {
      const now = performance.now();
      if (now - lastTimerTurn >= TIMER_TURN_EVERY_MS) {
        lastTimerTurn = now;
        return new Promise<void>((resolve) => setTimeout(resolve, 0));
      }
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(undefined);
      });
    },
    close() {
      channel.port1.onmessage = null;
      channel.port1.close();
      channel.port2.close();
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}
