import { QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { ApiError } from '../app/api';
import i18n from '../app/i18n';
import { queryClient } from '../app/queries';
import { ConsoleApp } from './ConsoleApp';
import { consoleEnUS } from './locales/en-US';
import { consoleZhCN } from './locales/zh-CN';
import './console.css';

i18n.addResourceBundle('zh-CN', 'translation', { console: consoleZhCN }, true, true);
i18n.addResourceBundle('en-US', 'translation', { console: consoleEnUS }, true, true);
document.documentElement.lang = i18n.language;

// A session that expires mid-work sends the user back to the login page (and then back here).
queryClient.getQueryCache().subscribe((event) => {
  const error = event.type === 'updated' && event.action.type === 'error' ? event.action.error : null;
  if (error instanceof ApiError && error.status === 401 && event.query.queryKey[0] !== 'me')
    queryClient.setQueryData(['me'], null);
});

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <ConsoleApp />
  </QueryClientProvider>,
);
