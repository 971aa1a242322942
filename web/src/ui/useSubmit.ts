import { useState } from 'react';
import { ApiError } from '../app/api';

/**
 * Runs a change for a form: keeps what the user typed, remembers the error to show, and on a
 * 409 (someone else changed the record) lets the caller reload before the user saves again.
 */
export function useSubmit(onConflict?: () => Promise<unknown> | undefined) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (change: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await change();
      return true;
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, null);
      setError(err);
      if (err.status === 409) await onConflict?.();
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clearError: () => setError(null) };
}
