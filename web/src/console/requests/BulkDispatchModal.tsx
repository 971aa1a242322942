import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { BulkResult, RequestSummary, WhistleKind } from '@doorstep/contract';
import { Alert, Button, Form, Input, Modal, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useSubmit } from '../../ui/useSubmit';
import { bulkDispatch } from '../history/history.api';
import { DispatchFields } from './DispatchFields';
import { refreshRequests } from './requests.api';

interface Values {
  kind?: WhistleKind;
  orgId?: number;
  note?: string;
}

/**
 * 批量派单: one whistle and one responder for all the selected requests, then what happened to each (the
 * server dispatches them one by one: a request that moved meanwhile fails alone, with its message).
 */
export function BulkDispatchModal({
  items: chosen,
  onClose,
  onDone,
}: {
  items: RequestSummary[];
  onClose: () => void;
  /** Called with the ids that were dispatched (to take them out of the selection). */
  onDone: (ok: number[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const b = (k: string, o?: Record<string, unknown>) => t(`console.bulk.${k}`, o);
  const lang = i18n.language.startsWith('en') ? 'en-US' : 'zh-CN';
  const [form] = Form.useForm<Values>();
  const submit = useSubmit();
  const [result, setResult] = useState<BulkResult | null>(null);
  // the selection as it was when the dialog opened (the page drops dispatched rows from its own)
  const [items] = useState(chosen);
  // one shared category suggests its whistle; a mix suggests nothing
  const categories = new Set(items.map((i) => i.categoryCode));
  const subject = {
    categoryCode: categories.size === 1 ? items[0]!.categoryCode : '',
    categoryName: categories.size === 1 ? items[0]!.categoryName : '',
    whistles: [],
  };

  const save = async (v: Values) => {
    await submit.run(async () => {
      const res = await bulkDispatch({
        items: items.map((i) => ({ id: i.id, version: i.version })),
        kind: v.kind!,
        orgId: v.orgId!,
        note: v.note?.trim() || undefined,
      });
      setResult(res);
      onDone(res.ok);
      void refreshRequests();
    });
  };

  const failedById = new Map(result?.failed.map((f) => [f.id, f]));
  return (
    <Modal
      open
      title={b('dispatchTitle', { count: items.length })}
      onCancel={onClose}
      mask={{ closable: false }}
      width={640}
      destroyOnHidden
      footer={
        result
          ? [
              <Button key="close" type="primary" onClick={onClose} data-testid="bulk-close">
                {b('close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button
                key="ok"
                type="primary"
                loading={submit.busy}
                onClick={() => form.submit()}
                data-testid="bulk-submit"
              >
                {b('submit')}
              </Button>,
            ]
      }
    >
      {!result ? (
        <>
          <p className="ds-muted ds-req-action-hint">{b('dispatchHelp')}</p>
          <Form<Values> form={form} layout="vertical" onFinish={save}>
            <DispatchFields detail={subject} leadOnly />
            <Form.Item name="note" label={b('note')}>
              <Input.TextArea rows={3} maxLength={1000} showCount placeholder={b('notePlaceholder')} />
            </Form.Item>
          </Form>
          <ErrorAlert error={submit.error} hint={t('console.requests.intakeForm.kept')} />
        </>
      ) : (
        <div data-testid="bulk-result">
          <Alert
            type={result.failed.length ? (result.ok.length ? 'warning' : 'error') : 'success'}
            showIcon
            role="status"
            className="ds-form-alert"
            title={[
              result.ok.length ? b('resultOk', { count: result.ok.length }) : null,
              result.failed.length ? b('resultFailed', { count: result.failed.length }) : null,
            ]
              .filter(Boolean)
              .join('；')}
          />
          <Table<RequestSummary>
            size="small"
            rowKey="id"
            dataSource={items}
            pagination={items.length > 10 ? { pageSize: 10, size: 'small' } : false}
            columns={[
              { key: 'no', title: t('console.requests.columns.no'), dataIndex: 'publicNo', width: 170 },
              {
                key: 'result',
                title: b('result'),
                render: (_, item) => {
                  const failed = failedById.get(item.id);
                  return failed ? (
                    <span className="ds-bulk-failed" data-testid={`bulk-failed-${item.id}`}>
                      <CloseCircleFilled /> {b('failed')}
                      {t('console.requests.colon')}
                      {failed.message[lang]}
                    </span>
                  ) : (
                    <span className="ds-bulk-ok" data-testid={`bulk-ok-${item.id}`}>
                      <CheckCircleFilled /> {b('succeeded')}
                    </span>
                  );
                },
              },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}
