import { QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import i18n from '../app/i18n';
import { queryClient } from '../app/queries';
import { ConsoleApp } from './ConsoleApp';
import { consoleEnUS } from './locales/en-US';
import { consoleZhCN } from './locales/zh-CN';
import './console.css';

i18n.addResourceBundle('zh-CN', 'translation', { console: consoleZhCN }, true, true);
i18n.addResourceBundle('en-US', 'translation', { console: consoleEnUS }, true, true);
document.documentElement.lang = i18n.language;

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <ConsoleApp />
  </QueryClientProvider>,
);
