/**
 * The one place errors are shown. Anything that fails calls `report(e)`; AbortErrors are silent,
 * everything else becomes a ReelError with plain words and appears in the toast area (role=alert)
 * at the top of the page, in the flow, so it never covers what it is about. Each message can be
 * dismissed; the same message is shown once; and when a failure no longer holds (the data loaded
 * after all), whoever knows it clears its codes.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { fromUnknown, isAbort, type ErrorCode, type ReelError } from '../../core/errors';

interface Toast {
  id: number;
  error: ReelError;
}

interface Sink {
  report: (e: unknown) => void;
  clear: (codes: readonly ErrorCode[]) => void;
  toasts: Toast[];
  dismiss: (id: number) => void;
}

const SinkContext = createContext<Sink>({
  report: () => {},
  clear: () => {},
  toasts: [],
  dismiss: () => {},
});

export function useReportError(): (e: unknown) => void {
  return useContext(SinkContext).report;
}

/** Removes the messages with these codes (the failure they reported no longer holds). */
export function useClearErrors(): (codes: readonly ErrorCode[]) => void {
  return useContext(SinkContext).clear;
}

/** At most this many messages at once; the oldest goes first. */
const MAX_TOASTS = 3;
let nextId = 1;

export function ErrorSink({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const report = useCallback((e: unknown) => {
    const error = fromUnknown(e);
    // Aborts are wanted; a lost database restarts the page by itself (App's onConnectionLost).
    if (isAbort(e) || error.code === 'storage-lost') return;
    console.error(error);
    setToasts((t) =>
      [...t.filter((x) => x.error.message !== error.message), { id: nextId++, error }].slice(
        -MAX_TOASTS,
      ),
    );
  }, []);
  const clear = useCallback(
    (codes: readonly ErrorCode[]) =>
      setToasts((t) =>
        t.some((x) => codes.includes(x.error.code))
          ? t.filter((x) => !codes.includes(x.error.code))
          : t,
      ),
    [],
  );
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const value = useMemo(
    () => ({ report, clear, toasts, dismiss }),
    [report, clear, toasts, dismiss],
  );
  return <SinkContext.Provider value={value}>{children}</SinkContext.Provider>;
}

/** The toast area: placed once, under the header. */
export function ErrorToasts() {
  const { toasts, dismiss } = useContext(SinkContext);
  return (
    <div className="toasts" aria-live="assertive" data-testid="errors">
      {toasts.map((t) => (
        <div key={t.id} className="toast" role="alert" data-testid="error" data-code={t.error.code}>
          <p>{t.error.message}</p>
          <button type="button" onClick={() => dismiss(t.id)} aria-label="Dismiss this message">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
