import type { RequestAction, RequestDetail, WhistleKind } from '@doorstep/contract';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryClient } from '../../app/queries';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useSubmit } from '../../ui/useSubmit';
import { DispatchFields } from './DispatchFields';
import { MergeField } from './MergeField';
import { PhotoUpload } from './Photos';
import { type ActionInput, detailQuery, refreshRequests, requestApi } from './requests.api';

/** Actions whose note is required (the contract's Note.min), and those that end or undo work. */
const NOTE_REQUIRED: RequestAction[] = [
  'reassign',
  'return',
  'handle',
  'answer',
  'rework',
  'reopen',
  'reject',
];
const DANGER: RequestAction[] = ['return', 'reject', 'merge', 'rework'];

interface Values {
  note?: string;
  kind?: WhistleKind;
  orgId?: number;
  assistOrgIds?: number[];
  urgency?: 'normal' | 'urgent' | 'emergency';
  intoId?: number;
  photos?: string[];
}

const testId = (id: string) => ({ 'data-testid': id }) as Record<string, string>;

/**
 * One action on the request: its fields and note, sent with the version on screen. A 409 (someone acted
 * first) reloads the request and keeps what was typed; if the action is no longer possible, says so.
 */
export function ActionModal({
  detail,
  action,
  onClose,
}: {
  detail: RequestDetail;
  action: RequestAction;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.requests.${k}`, o);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [uploading, setUploading] = useState(false);
  const submit = useSubmit(() =>
    Promise.all([
      queryClient.refetchQueries({ queryKey: detailQuery(detail.id).queryKey }),
      refreshRequests(),
    ]),
  );
  const available = detail.actions.includes(action);
  const noteLabel = r(`notes.${action}`);
  const required = NOTE_REQUIRED.includes(action);
  const actionLabel = r(`actions.${action}`);
  const width = action === 'dispatch' || action === 'reassign' ? 600 : 520;

  const bodyOf = (v: Values): ActionInput => {
    const note = v.note?.trim() || undefined;
    switch (action) {
      case 'dispatch':
        return {
          action,
          kind: v.kind!,
          orgId: v.orgId!,
          assistOrgIds: v.assistOrgIds ?? [],
          urgency: v.urgency,
          note,
        };
      case 'reassign':
        return { action, kind: v.kind!, orgId: v.orgId!, note: note ?? '' };
      case 'merge':
        return { action, intoId: v.intoId!, note };
      case 'return':
      case 'answer':
      case 'rework':
      case 'reopen':
      case 'reject':
        return { action, note: note ?? '' };
      case 'handle':
        return { action, note: note ?? '', photos: v.photos ?? [] };
      case 'accept':
      case 'start':
      case 'verify':
      case 'close':
        return { action, note };
      default:
        throw new Error(`no form for ${action}`);
    }
  };

  const save = async (v: Values) => {
    const ok = await submit.run(() => requestApi.act(detail.id, detail.version, bodyOf(v)));
    if (ok) {
      message.success(r('done', { action: actionLabel }));
      onClose();
    }
  };

  return (
    <Modal
      open
      title={r(`actionTitles.${action}`, { no: detail.publicNo })}
      okText={actionLabel}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={submit.busy}
      okButtonProps={{
        ...testId('request-action-submit'),
        danger: DANGER.includes(action),
        disabled: !available || uploading,
      }}
      mask={{ closable: false }}
      width={width}
      // beside the request drawer on wide screens, so its description and history stay in view
      wrapClassName="ds-req-action-modal"
      styles={{
        mask: { background: 'rgba(15, 39, 68, 0.28)' },
        wrapper: { ['--ds-req-modal-width' as string]: `${width}px` },
      }}
      destroyOnHidden
    >
      <p className="ds-muted ds-req-action-hint">{r(`hints.${action}`)}</p>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ urgency: detail.urgency, assistOrgIds: [] }}
        disabled={!available}
      >
        {(action === 'dispatch' || action === 'reassign') && (
          <DispatchFields detail={detail} reassign={action === 'reassign'} />
        )}
        {action === 'merge' && <MergeField detail={detail} />}
        <Form.Item
          name="note"
          label={noteLabel}
          rules={
            required
              ? [
                  { required: true, whitespace: true, message: r('noteRequired', { what: noteLabel }) },
                  { min: 2, message: r('noteTooShort') },
                ]
              : []
          }
        >
          <Input.TextArea
            rows={action === 'handle' || action === 'answer' ? 4 : 3}
            maxLength={1000}
            showCount
          />
        </Form.Item>
        {action === 'handle' && (
          <Form.Item
            name="photos"
            label={t('console.photos.evidence')}
            extra={uploading ? t('console.photos.uploading') : t('console.photos.hint')}
          >
            <PhotoUpload onBusy={setUploading} />
          </Form.Item>
        )}
      </Form>
      {/* once the request has moved on, that alone is the message (the conflict that showed it is implied) */}
      {available ? (
        <ErrorAlert error={submit.error} hint={r('intakeForm.kept')} />
      ) : (
        <Alert type="warning" showIcon role="alert" className="ds-form-alert" title={r('unavailable')} />
      )}
    </Modal>
  );
}
