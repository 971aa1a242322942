import { InfoCircleOutlined } from '@ant-design/icons';
import type { FigureDefinition } from '@doorstep/contract';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

/** The figure's definition (口径) with its version, on hover or focus. */
export function Definition({ defs, k }: { defs: FigureDefinition[]; k: string }) {
  const { t, i18n } = useTranslation();
  const d = defs.find((x) => x.key === k);
  if (!d) return null;
  const text = i18n.language?.startsWith('en') ? d['en-US'] : d['zh-CN'];
  return (
    <Tooltip title={`${text}（${t('console.insights.definition', { version: d.version })}）`}>
      <InfoCircleOutlined
        tabIndex={0}
        aria-label={t('console.insights.definition', { version: d.version })}
        style={{ color: '#6b7585' }}
        data-testid={`def-${k}`}
      />
    </Tooltip>
  );
}

export const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
export const fmtDate = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        dateStyle: 'short',
        timeStyle: 'short',
      }).format(new Date(iso))
    : '—';
