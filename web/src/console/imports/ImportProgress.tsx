import type { ImportJob } from '@doorstep/contract';
import { Progress } from 'antd';
import { useTranslation } from 'react-i18next';

/** The upload's progress, then the server's progress through the rows (the job is polled meanwhile). */
export function ImportProgress({ uploading, job }: { uploading: number | null; job?: ImportJob }) {
  const { t } = useTranslation();
  const d = (k: string, o?: Record<string, unknown>) => t(`console.imports.dialog.${k}`, o);
  if (uploading != null)
    return (
      <div className="ds-import-progress" role="status">
        <p>{d('uploading')}</p>
        <Progress percent={uploading} />
      </div>
    );
  if (!job) return null;
  return (
    <div className="ds-import-progress" role="status" data-testid="import-progress">
      <p>{job.total ? d('processing', { processed: job.processed, total: job.total }) : d('waiting')}</p>
      <Progress percent={job.total ? Math.round((job.processed / job.total) * 100) : 0} status="active" />
    </div>
  );
}
