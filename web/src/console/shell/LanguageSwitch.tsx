import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../../app/i18n';

const LANGUAGES = [
  { key: 'zh-CN', label: '中文' },
  { key: 'en-US', label: 'English' },
] as const;

/** 中文 / English; antd's own texts follow through ConfigProvider. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const current = i18n.language.startsWith('en') ? 'en-US' : 'zh-CN';
  return (
    <Dropdown
      menu={{
        items: LANGUAGES.map((l) => ({ key: l.key, label: l.label })),
        selectable: true,
        selectedKeys: [current],
        onClick: ({ key }) => setLanguage(key as 'zh-CN' | 'en-US'),
      }}
    >
      <Button
        type="text"
        className={className}
        icon={<GlobalOutlined />}
        aria-label={`${t('console.header.languageSwitch')}: ${LANGUAGES.find((l) => l.key === current)?.label}`}
      >
        {LANGUAGES.find((l) => l.key === current)?.label}
      </Button>
    </Dropdown>
  );
}
