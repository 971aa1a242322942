import type { ImportJob, ImportMode } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { Button } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { queryClient } from '../../app/queries';
import { importJobQuery } from './imports.api';

export type ImportPhase = 'form' | 'uploading' | 'running' | 'result';

/**
 * One import's run: upload with progress → follow the job → result, and the commit that follows a dry run. Shared
 * by the area import dialog and MappedImport (the roster and lists imports); the caller keeps the File and its own
 * options, so a real run after a dry run (or a retry after an error) needs no re-pick.
 */
export function useImportRun(onCommitted: () => void) {
  const [mode, setMode] = useState<ImportMode>('dry_run');
  const [uploading, setUploading] = useState<number | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const job = useQuery({ ...importJobQuery(jobId ?? 0), enabled: jobId != null });
  const current = jobId != null ? job.data : undefined;
  const finished = !!current && current.status !== 'running';

  // once rows were written, the screens behind the dialog must show them
  // biome-ignore lint/correctness/useExhaustiveDependencies: on the job's end only
  useEffect(() => {
    if (finished && current?.committed) onCommitted();
  }, [finished, current?.committed]);

  /** Uploads and starts a job in `runMode`; `start` sends the file with the caller's options. */
  const run = async (
    runMode: ImportMode,
    start: (mode: ImportMode, onProgress: (percent: number) => void) => Promise<ImportJob>,
  ) => {
    setMode(runMode);
    setError(null);
    setJobId(null);
    setUploading(0);
    try {
      const started = await start(runMode, setUploading);
      queryClient.setQueryData(['imports', started.id], started);
      setJobId(started.id);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, null));
    } finally {
      setUploading(null);
    }
  };

  /** Back to the form (the same file and options). */
  const reset = () => {
    setJobId(null);
    setError(null);
  };

  const phase: ImportPhase =
    uploading != null ? 'uploading' : !current ? 'form' : finished ? 'result' : 'running';
  return { mode, setMode, uploading, jobId, job, current, finished, phase, error, setError, run, reset };
}

/**
 * The dialog's buttons: cancel + start on the form; close while running; on the result the caller's own first
 * button (back, or choose the file again), then 正式导入 when a dry run was clean, 仅导入有效行 when some rows were
 * bad, and 关闭 whenever there is nothing (more) to commit or the user may stop here.
 */
export function ImportFooter({
  phase,
  current,
  mode,
  onStart,
  onCommit,
  onClose,
  left,
  canStart = true,
  testId,
}: {
  phase: ImportPhase;
  current: ImportJob | undefined;
  mode: ImportMode;
  onStart: () => void;
  onCommit: (mode: ImportMode) => void;
  onClose: () => void;
  left: ReactNode;
  canStart?: boolean;
  /** data-testid prefix of the buttons ('roster-import' → roster-import-start, -commit, -commit-valid) */
  testId?: string;
}) {
  const { t } = useTranslation();
  const d = (k: string, o?: Record<string, unknown>) => t(`console.imports.dialog.${k}`, o);
  const id = (suffix: string) => (testId ? `${testId}-${suffix}` : undefined);
  if (phase === 'form')
    return (
      <>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" disabled={!canStart} onClick={onStart} data-testid={id('start')}>
          {mode === 'dry_run' ? d('startDryRun') : d('startImport')}
        </Button>
      </>
    );
  if (phase !== 'result' || !current) return <Button onClick={onClose}>{d('close')}</Button>;
  const failedWhole = current.status === 'failed';
  const open = !current.committed && !failedWhole && current.okCount > 0;
  return (
    <>
      {left}
      {open && current.errorCount === 0 && (
        <Button type="primary" onClick={() => onCommit('all_or_nothing')} data-testid={id('commit')}>
          {d('commitAll')}
        </Button>
      )}
      {open && current.errorCount > 0 && (
        <Button onClick={() => onCommit('valid_rows')} data-testid={id('commit-valid')}>
          {d('commitValid', { count: current.okCount })}
        </Button>
      )}
      {!open || current.errorCount > 0 ? (
        <Button type={current.committed ? 'primary' : 'default'} onClick={onClose}>
          {d('close')}
        </Button>
      ) : null}
    </>
  );
}
