import type { RequestDetail } from '@doorstep/contract';
import { App, Button, Checkbox, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryClient } from '../../app/queries';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useSubmit } from '../../ui/useSubmit';
import { PhotoUpload } from './Photos';
import { detailQuery, requestApi } from './requests.api';

type Values = { note: string; internal: boolean; photos?: string[] };

/** A note on the timeline (进展/留言) that changes nothing; internal notes stay hidden from the resident. */
export function CommentBox({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation();
  const c = (k: string) => t(`console.requests.comment.${k}`);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [uploading, setUploading] = useState(false);
  const submit = useSubmit(() => queryClient.refetchQueries({ queryKey: detailQuery(detail.id).queryKey }));
  const send = async (v: Values) => {
    const ok = await submit.run(() =>
      requestApi.comment(detail.id, {
        note: v.note.trim(),
        internal: Boolean(v.internal),
        photos: v.photos ?? [],
      }),
    );
    if (ok) {
      form.resetFields();
      message.success(c('sent'));
    }
  };
  return (
    <Form
      form={form}
      onFinish={send}
      className="ds-req-comment"
      initialValues={{ internal: false, photos: [] }}
      requiredMark={false}
    >
      <Form.Item name="note" rules={[{ required: true, whitespace: true, message: c('required') }]}>
        <Input.TextArea
          autoSize={{ minRows: 1, maxRows: 6 }}
          maxLength={1000}
          placeholder={c('placeholder')}
          aria-label={c('label')}
          data-testid="request-comment"
        />
      </Form.Item>
      <Form.Item name="photos" className="ds-req-comment-photos">
        <PhotoUpload onBusy={setUploading} />
      </Form.Item>
      <div className="ds-req-comment-bar">
        <Form.Item name="internal" valuePropName="checked" noStyle>
          <Checkbox>{c('internal')}</Checkbox>
        </Form.Item>
        <Button
          htmlType="submit"
          size="small"
          loading={submit.busy}
          disabled={uploading}
          title={uploading ? t('console.photos.uploading') : undefined}
          data-testid="request-comment-send"
        >
          {c('send')}
        </Button>
      </div>
      <ErrorAlert error={submit.error} />
    </Form>
  );
}
