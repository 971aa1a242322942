import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Image, Upload, type UploadFile } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { MAX_PHOTOS, photoUrl, thumbUrl, uploadPhoto } from '../../app/photos';
import './photos.i18n';

type Item = UploadFile<{ id: string }> & { raw?: File };

/**
 * Photos for an action, a note or an intake (antd Upload, picture cards): each file is downscaled and sent to
 * POST /api/files as soon as it is chosen, with its progress on the card; a failed card keeps the file and offers
 * 重试. The form value is the list of uploaded ids; `onBusy` says while any upload is still running.
 */
export function PhotoUpload({
  value,
  onChange,
  onBusy,
  id,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  onBusy?: (busy: boolean) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const p = (k: string, o?: Record<string, unknown>) => t(`console.photos.${k}`, o);
  const { message } = App.useApp();
  const [items, setItems] = useState<Item[]>(() =>
    (value ?? []).map((photo) => ({
      uid: photo,
      name: photo,
      status: 'done',
      url: photoUrl(photo),
      thumbUrl: thumbUrl(photo),
      response: { id: photo },
    })),
  );
  const itemsRef = useRef(items);
  const sent = useRef((value ?? []).join());

  // the form resets (value emptied after a note is sent): clear the cards too
  useEffect(() => {
    if ((value ?? []).length === 0 && itemsRef.current.some((i) => i.status === 'done')) {
      sent.current = '';
      itemsRef.current = itemsRef.current.filter((i) => i.status !== 'done');
      setItems(itemsRef.current);
    }
  }, [value]);

  const busy = items.some((i) => i.status === 'uploading');
  useEffect(() => onBusy?.(busy), [busy, onBusy]);

  const commit = (list: Item[]) => {
    itemsRef.current = list;
    setItems(list);
    const ids = [
      ...new Set(list.filter((i) => i.status === 'done' && i.response).map((i) => i.response!.id)),
    ];
    if (ids.join() !== sent.current) {
      sent.current = ids.join();
      onChange?.(ids);
    }
  };
  const patch = (uid: string, change: Partial<Item>) =>
    commit(itemsRef.current.map((i) => (i.uid === uid ? { ...i, ...change } : i)));

  const send = async (uid: string, file: File) => {
    patch(uid, { status: 'uploading', percent: 0, error: undefined });
    try {
      const up = await uploadPhoto(file, (percent) => patch(uid, { percent }));
      patch(uid, {
        status: 'done',
        percent: 100,
        response: { id: up.id },
        url: up.url,
        thumbUrl: up.thumbUrl,
      });
    } catch (e) {
      const reason = e instanceof ApiError && e.problem ? e.userMessage : t('common.networkError');
      patch(uid, { status: 'error', error: new Error(reason), response: undefined });
      message.error(`${p('failed')}：${reason}`);
    }
  };

  return (
    <Upload
      id={id}
      accept="image/*"
      multiple
      listType="picture-card"
      fileList={items}
      beforeUpload={(file, batch) => {
        // files of one pick come one by one: each takes a place while there is one left
        if (itemsRef.current.length >= MAX_PHOTOS) {
          if (batch[batch.length - 1] === file) message.warning(p('tooMany'));
          return Upload.LIST_IGNORE;
        }
        const item: Item = {
          uid: file.uid,
          name: file.name,
          status: 'uploading',
          percent: 0,
          raw: file,
          thumbUrl: URL.createObjectURL(file),
        };
        commit([...itemsRef.current, item]);
        void send(file.uid, file);
        return false;
      }}
      onRemove={(file) => {
        commit(itemsRef.current.filter((i) => i.uid !== file.uid));
        return true;
      }}
      itemRender={(node, file) =>
        file.status === 'error' ? (
          <div className="ds-photo-failed">
            {node}
            <Button
              size="small"
              icon={<ReloadOutlined />}
              onClick={() => {
                const raw = itemsRef.current.find((i) => i.uid === file.uid)?.raw;
                if (raw) void send(file.uid, raw);
              }}
              data-testid="photo-retry"
            >
              {p('retry')}
            </Button>
          </div>
        ) : (
          node
        )
      }
      showUploadList={{ showPreviewIcon: false }}
      data-testid="photo-upload"
    >
      {items.length >= MAX_PHOTOS ? null : (
        <button type="button" className="ds-photo-add">
          <PlusOutlined />
          <span>{p('add')}</span>
        </button>
      )}
    </Upload>
  );
}

/** Thumbnails (the server's 320 px thumbs) that open the full photos in antd's preview, one group per list. */
export function PhotoThumbs({ ids, testId }: { ids: string[]; testId?: string }) {
  const { t } = useTranslation();
  if (ids.length === 0) return null;
  return (
    <div className="ds-photo-thumbs" data-testid={testId}>
      <Image.PreviewGroup items={ids.map(photoUrl)}>
        {ids.map((photo, i) => (
          <Image
            key={photo}
            width={72}
            height={72}
            src={thumbUrl(photo)}
            alt={t('console.photos.preview', { n: i + 1 })}
            preview={{ src: photoUrl(photo) }}
          />
        ))}
      </Image.PreviewGroup>
    </div>
  );
}
