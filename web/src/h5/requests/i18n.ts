import i18n from '../../app/i18n';
import { h5RequestsEnUS } from '../locales/requests.en-US';
import { h5RequestsZhCN } from '../locales/requests.zh-CN';

// The 诉求 strings travel with the 诉求 pages (not on the first screen); merged into `h5` when they load.
i18n.addResourceBundle('zh-CN', 'translation', { h5: h5RequestsZhCN }, true, true);
i18n.addResourceBundle('en-US', 'translation', { h5: h5RequestsEnUS }, true, true);
