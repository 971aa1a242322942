import type { AreaKind, AreaProperties } from '@doorstep/contract';
import { Col, Form, Input, InputNumber, Row } from 'antd';
import { useTranslation } from 'react-i18next';

export type PropertyValues = {
  households?: number | null;
  population?: number | null;
  buildings?: number | null;
  areaKm2?: number | null;
  address?: string;
  note?: string;
};

/** Form values → the properties the server keeps (empty fields are left out). */
export function toProperties(v: PropertyValues): AreaProperties {
  const out: Record<string, unknown> = {};
  for (const key of ['households', 'population', 'buildings', 'areaKm2'] as const)
    if (typeof v[key] === 'number') out[key] = v[key];
  for (const key of ['address', 'note'] as const) if (v[key]?.trim()) out[key] = v[key]!.trim();
  return out as AreaProperties;
}

/** 户数、人口、楼栋数、面积、地址、备注 — the ledger fields staff keep per node. */
export function PropertyFields({ kind }: { kind: AreaKind }) {
  const { t } = useTranslation();
  const f = (k: string) => t(`console.areas.fields.${k}`);
  const count = { min: 0, precision: 0, style: { width: '100%' } } as const;
  return (
    <>
      <Row gutter={12}>
        <Col xs={12} sm={8}>
          <Form.Item name="households" label={f('households')}>
            <InputNumber {...count} max={10_000_000} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="population" label={f('population')}>
            <InputNumber {...count} max={100_000_000} />
          </Form.Item>
        </Col>
        {kind !== 'building' && (
          <Col xs={12} sm={8}>
            <Form.Item name="buildings" label={f('buildings')}>
              <InputNumber {...count} max={100_000} />
            </Form.Item>
          </Col>
        )}
        {kind !== 'building' && kind !== 'compound' && (
          <Col xs={12} sm={8}>
            <Form.Item name="areaKm2" label={f('areaKm2')}>
              <InputNumber min={0} max={100_000} step={0.01} precision={3} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Form.Item name="address" label={f('address')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="note" label={f('note')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} showCount />
      </Form.Item>
    </>
  );
}
