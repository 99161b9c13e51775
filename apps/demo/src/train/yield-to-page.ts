/**
 * Lets the page handle input and paint between training steps. Awaiting a
 * tensor's `data()` is not enough: on cpu and wasm it settles as a
 * microtask, so a training loop would never give the event loop a turn and
 * the Stop button could never be clicked. A MessageChannel message is a
 * macrotask without `setTimeout`'s 4 ms clamp. (Not `scheduler.yield()`: its
 * continuations outrank ordinary tasks, and a loop of them starved the page's
 * other work in Chromium.)
 *
 * @example
 * while (training) { step(); await yieldToPage(); }
 */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
