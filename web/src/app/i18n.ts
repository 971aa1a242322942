import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enUS } from './locales/en-US';
import { zhCN } from './locales/zh-CN';

const STORAGE_KEY = 'doorstep.lang';

/** zh-CN first; the user's choice is remembered on this device. */
export const initialLanguage = (() => {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? 'zh-CN';
  } catch {
    return 'zh-CN';
  }
})();

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: initialLanguage,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export function setLanguage(lng: 'zh-CN' | 'en-US') {
  void i18n.changeLanguage(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {}
  document.documentElement.lang = lng;
}

export default i18n;
