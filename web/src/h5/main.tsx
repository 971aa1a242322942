import { createRoot } from 'react-dom/client';
import i18n from '../app/i18n';
import './antd-mobile-setup';
import { App } from './App';
import './h5.css';
import { h5EnUS } from './locales/en-US';
import { h5ZhCN } from './locales/zh-CN';
import { applyLargeText } from './prefs';

// Before the first render: 大字模式 and the page language.
applyLargeText();
i18n.addResourceBundle('zh-CN', 'translation', { h5: h5ZhCN }, true, true);
i18n.addResourceBundle('en-US', 'translation', { h5: h5EnUS }, true, true);
document.documentElement.lang = i18n.language?.startsWith('en') ? 'en-US' : 'zh-CN';

createRoot(document.getElementById('root')!).render(<App />);
