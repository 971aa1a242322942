import { EyeOutlined } from '@ant-design/icons';
import type { Unit, UnitUnmasked } from '@doorstep/contract';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUnmask } from './Unmask';

/**
 * A unit's contact phone, masked; secretaries and street admins may see it in full after stating a purpose — the
 * grant people's data use (10 minutes, audited; decision 0031).
 */
export function UnitPhone({ unit, canUnmask }: { unit: Unit; canUnmask: boolean }) {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.records.${k}`, o);
  const { clear, until, ask, dialog } = useUnmask<UnitUnmasked>(`/api/records/units/${unit.id}/unmask`, {
    title: r('units.unmaskTitle', { name: unit.name }),
    hint: r('units.unmaskHint'),
    placeholder: r('units.purposePlaceholder'),
    purposeTestId: 'unit-unmask-purpose',
  });
  if (!unit.contactPhone) return null;
  return (
    <div className="ds-unit-phone" style={{ marginBottom: 16 }}>
      <Space wrap>
        <Typography.Text type="secondary">{r('units.contactPhone')}</Typography.Text>
        <code data-testid="unit-phone-shown">{clear?.contactPhone ?? unit.contactPhone}</code>
        {clear ? (
          <Typography.Text type="warning">{until}</Typography.Text>
        ) : canUnmask ? (
          <Button size="small" icon={<EyeOutlined />} onClick={ask} data-testid="unit-unmask">
            {r('units.unmask')}
          </Button>
        ) : null}
      </Space>
      {dialog}
    </div>
  );
}
