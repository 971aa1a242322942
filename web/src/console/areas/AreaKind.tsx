import { AppstoreOutlined, BankOutlined, BuildOutlined, HomeOutlined, TeamOutlined } from '@ant-design/icons';
import type { AreaKind } from '@doorstep/contract';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const ICONS: Record<AreaKind, ReactNode> = {
  street: <BankOutlined />,
  community: <TeamOutlined />,
  grid: <AppstoreOutlined />,
  compound: <HomeOutlined />,
  building: <BuildOutlined />,
};

/** One colour per level so the tree reads at a glance: 街道 → 社区 → 网格 → 小区 → 楼栋. */
export const KIND_COLORS: Record<AreaKind, string> = {
  street: '#7a2e8e',
  community: '#1d4e89',
  grid: '#0e7c66',
  compound: '#b26a00',
  building: '#5b6472',
};

export function KindIcon({ kind }: { kind: AreaKind }) {
  const { t } = useTranslation();
  return (
    <span
      className="ds-kind-icon"
      style={{ color: KIND_COLORS[kind] }}
      role="img"
      aria-label={t(`kinds.${kind}`)}
    >
      {ICONS[kind]}
    </span>
  );
}

export function KindTag({ kind }: { kind: AreaKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[kind]} variant="outlined" className="ds-kind-tag">
      {t(`kinds.${kind}`)}
    </Tag>
  );
}
