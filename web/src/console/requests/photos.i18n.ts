import i18n from '../../app/i18n';
import { photosEnUS } from '../locales/photos.en-US';
import { photosZhCN } from '../locales/photos.zh-CN';

// The photo strings travel with the requests pages (not on the first screen); merged into `console`.
i18n.addResourceBundle('zh-CN', 'translation', { console: photosZhCN }, true, true);
i18n.addResourceBundle('en-US', 'translation', { console: photosEnUS }, true, true);
