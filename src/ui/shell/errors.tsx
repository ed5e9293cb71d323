/**
 * The one place errors are shown. Anything that fails calls `report(e)`; AbortErrors are silent,
 * everything else becomes a ReelError with plain words and appears in the toast area (role=alert).
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { fromUnknown, isAbort, type ReelError } from '../../core/errors';

interface Toast {
  id: number;
  error: ReelError;
}

const ReportContext = createContext<(e: unknown) => void>(() => {});

export function useReportError(): (e: unknown) => void {
  return useContext(ReportContext);
}

let nextId = 1;

export function ErrorSink({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const report = useCallback((e: unknown) => {
    if (isAbort(e)) return;
    const error = fromUnknown(e);
    console.error(error);
    setToasts((t) =>
      [...t.filter((x) => x.error.message !== error.message), { id: nextId++, error }].slice(-3),
    );
  }, []);
  const dismiss = (id: number) => setToasts((t) => t.filter((x) => x.id !== id));
  const value = useMemo(() => report, [report]);
  return (
    <ReportContext.Provider value={value}>
      {children}
      <div className="toasts" aria-live="assertive">
        {toasts.map((t) => (
          <div
            key={t.id}
            className="toast"
            role="alert"
            data-testid="error"
            data-code={t.error.code}
          >
            <p>{t.error.message}</p>
            <button type="button" onClick={() => dismiss(t.id)} aria-label="Dismiss this message">
              ×
            </button>
          </div>
        ))}
      </div>
    </ReportContext.Provider>
  );
}
