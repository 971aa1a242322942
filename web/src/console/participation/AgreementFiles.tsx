import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import type { Agreement } from '@doorstep/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api, upload } from '../../app/api';
import { downloadFile } from '../../ui/download';
import './micro.i18n';

const size = (b: number) =>
  b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(b / 1024))} KB`;

/** 共建协议 files on a project: download links and an upload button (PDF, Word or an image). */
export default function AgreementFiles({ project }: { project: number }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.agreements.${k}`, o);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = ['participation', 'agreements', project];
  const files = useQuery({
    queryKey: key,
    queryFn: () => api<{ items: Agreement[] }>(`/api/lists/projects/${project}/agreements`),
  });
  const [busy, setBusy] = useState(false);
  return (
    <Space wrap size="small" data-testid={`agreements-${project}`}>
      {files.data?.items.map((a) => (
        <Button
          key={a.id}
          size="small"
          type="link"
          icon={<PaperClipOutlined />}
          onClick={() => void downloadFile(a.url, a.fileName)}
        >
          {a.fileName}（{size(a.bytes)}）
        </Button>
      ))}
      <Upload
        accept=".pdf,.docx,image/jpeg,image/png,image/webp"
        showUploadList={false}
        customRequest={({ file }) => {
          const form = new FormData();
          form.append('file', file as File, (file as File).name);
          setBusy(true);
          upload<{ items: Agreement[] }>(`/api/lists/projects/${project}/agreements`, form, () => {})
            .then((r) => {
              qc.setQueryData(key, r);
              message.success(l('uploaded'));
            })
            .catch((e) => void message.error((e as ApiError).userMessage))
            .finally(() => setBusy(false));
        }}
      >
        <Button size="small" icon={<UploadOutlined />} loading={busy}>
          {l('upload')}
        </Button>
      </Upload>
    </Space>
  );
}
