// Chinese first, English on request: two message files with the same keys (en.ts is typed by
// zh-CN.ts, so a missing translation fails the type check). The choice is kept in localStorage.
import { computed, ref } from 'vue';
import elEn from 'element-plus/es/locale/lang/en';
import elZhCn from 'element-plus/es/locale/lang/zh-cn';
import { zhCN, type MessageKey } from './zh-CN';
import { en } from './en';

export type Locale = 'zh-CN' | 'en';

const messages: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export const locale = ref<Locale>(localStorage.getItem('nma.locale') === 'en' ? 'en' : 'zh-CN');

export const setLocale = (next: Locale): void => {
  locale.value = next;
  localStorage.setItem('nma.locale', next);
  document.documentElement.lang = next;
};

export const elementLocale = computed(() => (locale.value === 'en' ? elEn : elZhCn));

/** `t('deadline.left', { days: 3 })`: `{days}` in the message is replaced. */
export const t = (key: MessageKey, params: Record<string, string | number> = {}): string =>
  messages[locale.value][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));

/** A status, action or reason code shown in words when the file knows it, else as it is. */
export const label = (prefix: 'status' | 'action' | 'phase', code: string): string => {
  const key = `${prefix}.${code}` as MessageKey;
  return key in messages[locale.value] ? t(key) : code;
};

export const dateTime = (iso: string | undefined): string =>
  iso ? new Date(iso).toLocaleString(locale.value, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }) : '';

export const yuan = (fen: number): string => (fen / 100).toLocaleString(locale.value, { style: 'currency', currency: 'CNY' });
