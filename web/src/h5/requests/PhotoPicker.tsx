import { ImageUploader, type ImageUploadItem, Toast } from 'antd-mobile';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { MAX_PHOTOS, photoUrl, thumbUrl, uploadPhoto } from '../../app/photos';
import { AlertIcon } from '../components/icons';

interface Failed {
  key: number;
  file: File;
  preview: string;
  reason: string;
  retrying: boolean;
}

export interface PhotoStatus {
  pending: number;
  failed: number;
}

let nextKey = 1;

/**
 * 现场照片: camera or album (the phone offers both: no `capture`), up to 9. Each photo is downscaled and uploaded
 * as soon as it is picked; the tile shows 上传中 with the percentage below, and a photo that did not go through
 * stays listed with 重试 / 移除 (the file is kept in memory for the retry). Only uploaded ids reach `onChange`.
 */
export function PhotoPicker({
  value,
  onChange,
  onStatus,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  onStatus?: (s: PhotoStatus) => void;
}) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<Record<number, number>>({});
  const [failed, setFailed] = useState<Failed[]>([]);
  const valueRef = useRef(value);
  valueRef.current = value;

  // every upload in flight (picked or retried) has a progress entry from the start of its downscaling
  const pending = Object.keys(progress).length;
  useEffect(() => onStatus?.({ pending, failed: failed.length }), [pending, failed.length, onStatus]);
  // object URLs of failed photos are freed when they leave the list
  const failedRef = useRef(failed);
  failedRef.current = failed;
  useEffect(
    () => () => {
      for (const f of failedRef.current) URL.revokeObjectURL(f.preview);
    },
    [],
  );

  const reasonOf = useCallback(
    (e: unknown) => (e instanceof ApiError && e.problem ? e.userMessage : t('common.networkError')),
    [t],
  );

  const send = useCallback(async (file: File) => {
    const key = nextKey++;
    setProgress((p) => ({ ...p, [key]: 0 }));
    try {
      return await uploadPhoto(file, (n) => setProgress((p) => ({ ...p, [key]: n })));
    } finally {
      setProgress(({ [key]: _, ...rest }) => rest);
    }
  }, []);

  const add = (id: string) => {
    const ids = valueRef.current;
    if (!ids.includes(id)) onChange([...ids, id].slice(0, MAX_PHOTOS));
  };

  const upload = async (file: File): Promise<ImageUploadItem> => {
    try {
      const up = await send(file);
      return { key: up.id, url: photoUrl(up.id), thumbnailUrl: thumbUrl(up.id), extra: up.id };
    } catch (e) {
      setFailed((f) => [
        ...f,
        { key: nextKey++, file, preview: URL.createObjectURL(file), reason: reasonOf(e), retrying: false },
      ]);
      throw e;
    }
  };

  const retry = async (item: Failed) => {
    setFailed((f) => f.map((x) => (x.key === item.key ? { ...x, retrying: true } : x)));
    try {
      const up = await send(item.file);
      add(up.id);
      URL.revokeObjectURL(item.preview);
      setFailed((f) => f.filter((x) => x.key !== item.key));
    } catch (e) {
      setFailed((f) =>
        f.map((x) => (x.key === item.key ? { ...x, retrying: false, reason: reasonOf(e) } : x)),
      );
    }
  };

  const remove = (item: Failed) => {
    URL.revokeObjectURL(item.preview);
    setFailed((f) => f.filter((x) => x.key !== item.key));
  };

  const items: ImageUploadItem[] = value.map((id) => ({
    key: id,
    url: photoUrl(id),
    thumbnailUrl: thumbUrl(id),
    extra: id,
  }));
  const room = MAX_PHOTOS - value.length - failed.length;
  const percents = Object.values(progress);
  const percent = percents.length ? Math.round(percents.reduce((a, b) => a + b, 0) / percents.length) : null;

  return (
    <div className="h5-photos" data-testid="h5-photos">
      <ImageUploader
        value={items}
        onChange={(next) => onChange(next.map((i) => i.extra as string))}
        upload={upload}
        accept="image/*"
        multiple
        maxCount={MAX_PHOTOS - failed.length}
        showUpload={room > 0}
        showFailed={false}
        onCountExceed={() => Toast.show({ content: t('h5.report.photos.tooMany') })}
        style={{ '--cell-size': '88px', '--gap': '8px' }}
      >
        <span className="h5-photo-add">
          <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
            <path
              d="M4 8.5A2.5 2.5 0 0 1 6.5 6h1.8l1.2-2h5l1.2 2h1.8A2.5 2.5 0 0 1 20 8.5v8a2.5 2.5 0 0 1-2.5 2.5h-11A2.5 2.5 0 0 1 4 16.5z"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.6"
            />
            <circle cx="12" cy="12.5" r="3.2" fill="none" stroke="currentColor" strokeWidth="1.6" />
          </svg>
          <span>{t('h5.report.photos.add')}</span>
        </span>
      </ImageUploader>
      {percent !== null && (
        <p className="h5-photo-progress" role="status" data-testid="h5-photos-uploading">
          <span className="h5-photo-bar" aria-hidden="true">
            <span style={{ width: `${percent}%` }} />
          </span>
          {t('h5.report.photos.uploading')} {percent}%
        </p>
      )}
      {failed.length > 0 && (
        <ul className="h5-photo-failed" data-testid="h5-photos-failed">
          {failed.map((f) => (
            <li key={f.key}>
              <img src={f.preview} alt="" />
              <div className="h5-photo-failed-text">
                <b>
                  <AlertIcon />
                  {t('h5.report.photos.failed')}
                </b>
                <span>{f.reason}</span>
              </div>
              <button
                type="button"
                className="h5-link-button"
                onClick={() => void retry(f)}
                disabled={f.retrying}
                data-testid="h5-photo-retry"
              >
                {f.retrying ? t('h5.report.photos.uploading') : t('h5.report.photos.retry')}
              </button>
              <button
                type="button"
                className="h5-link-button h5-muted"
                onClick={() => remove(f)}
                disabled={f.retrying}
              >
                {t('h5.report.photos.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
