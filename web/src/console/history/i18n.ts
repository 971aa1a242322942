import i18n from '../../app/i18n';
import { historyEnUS } from '../locales/history.en-US';
import { historyZhCN } from '../locales/history.zh-CN';

// The history/bulk strings travel with the requests pages (not on the first screen); merged into `console`.
i18n.addResourceBundle('zh-CN', 'translation', { console: historyZhCN }, true, true);
i18n.addResourceBundle('en-US', 'translation', { console: historyEnUS }, true, true);
