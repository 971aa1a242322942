import type { RequestDetail } from '@doorstep/contract';
import { Alert, App, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { queryClient } from '../../app/queries';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useSubmit } from '../../ui/useSubmit';
import { fullDateTime } from './deadline';
import { detailQuery, refreshRequests, requestApi } from './requests.api';

/** The steps beyond the lifecycle: 延期 ask and decision, 回访, and the rating review (propose, decide). */
export type FollowUpStep = 'askDelay' | 'decideDelay' | 'revisit' | 'proposeExclusion' | 'decideExclusion';

interface Values {
  mode?: 'days' | 'date';
  workingDays?: number;
  until?: string;
  reason?: string;
  decision?: 'approve' | 'refuse';
  note?: string;
  method?: 'phone' | 'visit' | 'wechat';
  contact?: string;
  words?: string;
  result?: 'satisfied' | 'basic' | 'unsatisfied' | 'unreachable';
}

const testId = (id: string) => ({ 'data-testid': id }) as Record<string, string>;

/** 'YYYY-MM-DDTHH:mm' in the browser's time, as <input type="datetime-local"> wants it. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
const fromLocalInput = (v: string) => new Date(v).toISOString();

/**
 * One follow-up step in a modal, sent with the version on screen; a 409 (someone decided first) reloads the
 * request and keeps what was typed. The step's button is only shown when the detail's `followUp` allows it.
 */
export function FollowUpModal({
  detail,
  step,
  onClose,
}: {
  detail: RequestDetail;
  step: FollowUpStep;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const f = (k: string, o?: Record<string, unknown>) => t(`console.requests.followUp.${k}`, o);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const submit = useSubmit(() =>
    Promise.all([
      queryClient.refetchQueries({ queryKey: detailQuery(detail.id).queryKey }),
      refreshRequests(),
    ]),
  );
  const available = detail.followUp[step];
  const pendingDelay = detail.delays.find((d) => d.status === 'pending');
  const pendingExclusion = detail.ratingExclusions.find((x) => x.status === 'pending');
  const mode = Form.useWatch('mode', form);
  const decision = Form.useWatch('decision', form);
  const danger = step === 'proposeExclusion';

  const send = (v: Values) => {
    const note = v.note?.trim() || undefined;
    switch (step) {
      case 'askDelay':
        return requestApi.askDelay(detail.id, detail.version, {
          ...(v.mode === 'date' ? { until: fromLocalInput(v.until!) } : { workingDays: v.workingDays! }),
          reason: v.reason!.trim(),
        });
      case 'decideDelay':
        return requestApi.decideDelay(
          detail.id,
          detail.version,
          pendingDelay!.id,
          v.decision === 'approve'
            ? {
                decision: 'approve',
                // unchanged from the date asked for: approve exactly that (the input drops the seconds)
                until:
                  v.until && v.until !== toLocalInput(pendingDelay!.requestedDueAt)
                    ? fromLocalInput(v.until)
                    : undefined,
                note,
              }
            : { decision: 'refuse', note: note ?? '' },
        );
      case 'revisit':
        return requestApi.revisit(detail.id, {
          method: v.method!,
          contact: v.contact!.trim(),
          words: v.words?.trim() || undefined,
          result: v.result!,
        });
      case 'proposeExclusion':
        return requestApi.proposeExclusion(detail.id, detail.version, v.reason!.trim());
      case 'decideExclusion':
        return requestApi.decideExclusion(detail.id, detail.version, pendingExclusion!.id, {
          decision: v.decision!,
          note,
        });
    }
  };

  const save = async (v: Values) => {
    const ok = await submit.run(() => send(v));
    if (ok) {
      message.success(f(`done.${step === 'decideDelay' || step === 'decideExclusion' ? v.decision : step}`));
      onClose();
    }
  };

  const minTwo = (what: string) => [
    { required: true, whitespace: true, message: t('console.requests.noteRequired', { what }) },
    { min: 2, message: t('console.requests.noteTooShort') },
  ];

  const laterThan = (iso: string | null | undefined, max?: string) => ({
    validator: (_: unknown, v?: string) => {
      if (!v) return Promise.reject(new Error(f('dateRequired')));
      const at = new Date(v).getTime();
      if (Number.isNaN(at)) return Promise.reject(new Error(f('dateRequired')));
      if (iso && at <= new Date(iso).getTime()) return Promise.reject(new Error(f('dateAfterDue')));
      if (at <= Date.now()) return Promise.reject(new Error(f('dateAfterDue')));
      if (max && at > new Date(max).getTime()) return Promise.reject(new Error(f('dateBeyondAsk')));
      return Promise.resolve();
    },
  });

  const initial: Values = {
    mode: 'days',
    workingDays: 3,
    decision: 'approve',
    method: 'phone',
    contact: step === 'revisit' ? (detail.reporterName ?? '') : undefined,
    until: step === 'decideDelay' && pendingDelay ? toLocalInput(pendingDelay.requestedDueAt) : undefined,
  };

  return (
    <Modal
      open
      title={f(`titles.${step}`, { no: detail.publicNo })}
      okText={f(`ok.${step}`)}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={submit.busy}
      okButtonProps={{
        ...testId('follow-up-submit'),
        danger: danger || decision === 'refuse',
        disabled: !available,
      }}
      mask={{ closable: false }}
      width={520}
      wrapClassName="ds-req-action-modal"
      styles={{
        mask: { background: 'rgba(15, 39, 68, 0.28)' },
        wrapper: { ['--ds-req-modal-width' as string]: '520px' },
      }}
      destroyOnHidden
    >
      <p className="ds-muted ds-req-action-hint">{f(`hints.${step}`)}</p>
      {step === 'decideDelay' && pendingDelay && (
        <div className="ds-req-followup-ask" data-testid="delay-ask-summary">
          <div>
            {f('askedBy', { who: pendingDelay.requestedBy })}
            {f('askedUntil', { due: fullDateTime(pendingDelay.requestedDueAt) })}
          </div>
          <div className="ds-req-sub">
            {f('currentDue', { due: fullDateTime(pendingDelay.previousDueAt) })}
          </div>
          <p className="ds-req-followup-reason">{pendingDelay.reason}</p>
        </div>
      )}
      {step === 'decideExclusion' && pendingExclusion && (
        <div className="ds-req-followup-ask">
          <div>{f('proposedBy', { who: pendingExclusion.proposedBy })}</div>
          <p className="ds-req-followup-reason">{pendingExclusion.reason}</p>
        </div>
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={initial}
        disabled={!available}
      >
        {step === 'askDelay' && (
          <>
            <Form.Item name="mode" label={f('mode')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'days', label: f('modeDays') },
                  { value: 'date', label: f('modeDate') },
                ]}
              />
            </Form.Item>
            {mode === 'date' ? (
              <Form.Item
                name="until"
                label={f('until')}
                extra={detail.resolveDueAt && f('currentDue', { due: fullDateTime(detail.resolveDueAt) })}
                rules={[laterThan(detail.resolveDueAt)]}
              >
                <Input type="datetime-local" data-testid="delay-until" />
              </Form.Item>
            ) : (
              <Form.Item
                name="workingDays"
                label={f('workingDays')}
                extra={detail.resolveDueAt && f('currentDue', { due: fullDateTime(detail.resolveDueAt) })}
                rules={[{ required: true, message: f('daysRequired') }]}
              >
                <InputNumber min={1} max={60} precision={0} suffix={f('days')} data-testid="delay-days" />
              </Form.Item>
            )}
            <Form.Item name="reason" label={f('reason')} rules={minTwo(f('reason'))}>
              <Input.TextArea rows={3} maxLength={1000} showCount data-testid="delay-reason" />
            </Form.Item>
          </>
        )}
        {(step === 'decideDelay' || step === 'decideExclusion') && (
          <Form.Item name="decision" label={f('decision')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'approve', label: f('approve') },
                { value: 'refuse', label: f('refuse') },
              ]}
            />
          </Form.Item>
        )}
        {step === 'decideDelay' && decision === 'approve' && pendingDelay && (
          <Form.Item
            name="until"
            label={f('approveUntil')}
            extra={f('approveUntilHint')}
            rules={[laterThan(pendingDelay.previousDueAt, pendingDelay.requestedDueAt)]}
          >
            <Input type="datetime-local" />
          </Form.Item>
        )}
        {(step === 'decideDelay' || step === 'decideExclusion') && (
          <Form.Item
            name="note"
            label={decision === 'refuse' ? f('refuseReason') : f('approveNote')}
            rules={decision === 'refuse' ? minTwo(f('refuseReason')) : []}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount data-testid="decision-note" />
          </Form.Item>
        )}
        {step === 'revisit' && (
          <>
            <Form.Item name="method" label={f('method')}>
              <Radio.Group
                optionType="button"
                options={(['phone', 'visit', 'wechat'] as const).map((m) => ({
                  value: m,
                  label: f(`methods.${m}`),
                }))}
              />
            </Form.Item>
            <Form.Item
              name="contact"
              label={f('contact')}
              rules={[{ required: true, whitespace: true, message: f('contactRequired') }]}
            >
              <Input maxLength={50} placeholder={f('contactPlaceholder')} />
            </Form.Item>
            <Form.Item
              name="result"
              label={f('result')}
              rules={[{ required: true, message: f('resultRequired') }]}
            >
              <Radio.Group
                options={(['satisfied', 'basic', 'unsatisfied', 'unreachable'] as const).map((x) => ({
                  value: x,
                  label: f(`results.${x}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="words" label={f('words')} extra={f('wordsHint')}>
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          </>
        )}
        {step === 'proposeExclusion' && (
          <Form.Item name="reason" label={f('exclusionReason')} rules={minTwo(f('exclusionReason'))}>
            <Input.TextArea rows={3} maxLength={1000} showCount placeholder={f('exclusionPlaceholder')} />
          </Form.Item>
        )}
      </Form>
      {available ? (
        <ErrorAlert error={submit.error} hint={t('console.requests.intakeForm.kept')} />
      ) : (
        <Alert
          type="warning"
          showIcon
          role="alert"
          className="ds-form-alert"
          title={t('console.requests.unavailable')}
        />
      )}
    </Modal>
  );
}
