import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { consoleRouter } from './routes';
import { consoleTheme } from './theme';

/** Theme, antd locale (follows the UI language), message/modal context, and the router. */
export function ConsoleApp() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  useEffect(() => {
    document.title = `${t('common.appName')} · ${t('console.title')}`;
  }, [t]);
  return (
    <ConfigProvider locale={en ? enUS : zhCN} theme={consoleTheme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <RouterProvider router={consoleRouter} />
      </AntApp>
    </ConfigProvider>
  );
}
