import type { Scoring, ScoringSettings } from '@doorstep/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  InputNumber,
  Popconfirm,
  Row,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import { fmtDate } from './common';
import './i18n.insb';

/** The fields of each signal, in the order the brief weighs them; each documented next to its input. */
const GROUPS: { key: string; fields: { path: string; min: number; max: number; step?: number }[] }[] = [
  { key: 'general', fields: [{ path: 'items', min: 1, max: 10 }] },
  { key: 'missedLoop', fields: [{ path: 'missedLoop.base', min: 0, max: 100_000 }] },
  {
    key: 'breach',
    fields: [
      { path: 'breach.base', min: 0, max: 10_000 },
      { path: 'breach.perDay', min: 0, max: 1_000 },
      { path: 'breach.maxDays', min: 0, max: 365 },
    ],
  },
  {
    key: 'gap',
    fields: [
      { path: 'gap.threshold', min: -50, max: 0 },
      { path: 'gap.perDegree', min: 0, max: 1_000 },
    ],
  },
  {
    key: 'surge',
    fields: [
      { path: 'surge.minCount', min: 1, max: 1_000 },
      { path: 'surge.ratio', min: 1, max: 100, step: 0.5 },
      { path: 'surge.baselineDays', min: 1, max: 90 },
      { path: 'surge.weight', min: 0, max: 1_000 },
    ],
  },
];

const get = (s: Scoring, path: string) =>
  path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], s) as number;

/** 晨读评分: the street's weights and thresholds of each signal; street admins edit, leads read. */
export function ScoringTab({ areaId }: { areaId: number }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.insights.scoring.${k}`, o);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const key = ['insights', 'scoring', areaId];
  const q = useQuery({
    queryKey: key,
    queryFn: () => api<ScoringSettings>(`/api/insights/scoring?areaId=${areaId}`),
  });
  useEffect(() => {
    if (q.data) form.setFieldsValue(q.data.scoring);
  }, [q.data, form]);
  if (q.isPending) return <Spin />;
  if (q.isError)
    return (q.error as ApiError).status === 404 ? (
      <Alert type="info" showIcon message={l('leadsOnly')} />
    ) : (
      <Alert type="error" message={(q.error as ApiError).message} />
    );
  const s = q.data;
  const save = async (scoring: Scoring | null) => {
    setSaving(true);
    try {
      const next = await api<ScoringSettings>('/api/insights/scoring', {
        method: 'PUT',
        json: { areaId, version: s.version, scoring },
      });
      qc.setQueryData(key, next);
      message.success(l('saved'));
    } catch (e) {
      const err = e as ApiError;
      if (err.status === 409) {
        message.warning(l('conflict'));
        await qc.invalidateQueries({ queryKey: key });
      } else message.error(err.message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="ds-insights-scoring" data-testid="scoring-tab">
      <Typography.Title level={5}>{l('title', { street: s.streetName })}</Typography.Title>
      <Typography.Paragraph type="secondary">{l('intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text strong data-testid="scoring-state">
          {s.custom
            ? l('custom', { version: s.version, by: s.updatedBy ?? '—', at: fmtDate(s.updatedAt) })
            : l('defaults')}
        </Typography.Text>
      </Space>
      {!s.canEdit && <Alert type="info" showIcon message={l('readOnly')} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        disabled={!s.canEdit || saving}
        onFinish={(v) => save(v as Scoring)}
      >
        <Row gutter={[12, 12]}>
          {GROUPS.map((g) => (
            <Col xs={24} lg={12} key={g.key}>
              <Card size="small" title={l(`group.${g.key}`)}>
                {g.fields.map((f) => {
                  const [label, help] = t(`console.insights.scoring.field.${f.path}`, {
                    returnObjects: true,
                  }) as [string, string];
                  return (
                    <Form.Item
                      key={f.path}
                      name={f.path.split('.')}
                      label={label}
                      extra={`${help}（${l('default', { v: get(s.defaults, f.path) })}）`}
                      rules={[{ required: true }]}
                    >
                      <InputNumber
                        min={f.min}
                        max={f.max}
                        step={f.step ?? 1}
                        style={{ width: 160 }}
                        data-testid={`scoring-${f.path}`}
                      />
                    </Form.Item>
                  );
                })}
              </Card>
            </Col>
          ))}
        </Row>
        {s.canEdit && (
          <Space style={{ marginTop: 12 }} wrap>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="scoring-save">
              {l('save')}
            </Button>
            {s.custom && (
              <Popconfirm title={l('resetConfirm')} onConfirm={() => save(null)}>
                <Button data-testid="scoring-reset">{l('reset')}</Button>
              </Popconfirm>
            )}
          </Space>
        )}
      </Form>
    </div>
  );
}
