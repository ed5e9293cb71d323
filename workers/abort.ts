/**
 * AbortSignals cannot cross a worker boundary, so long worker calls take a MessagePort instead:
 * the caller keeps the AbortSignal (see src/ui/bridge.ts `abortPort`), the worker turns the port
 * back into a signal here. A message on the port means "abort".
 */
export function signalFromPort(port: MessagePort | undefined): AbortSignal | undefined {
  if (!port) return undefined;
  const controller = new AbortController();
  port.onmessage = () => {
    controller.abort();
    port.close();
  };
  return controller.signal;
}
