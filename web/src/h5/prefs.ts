import { useSyncExternalStore } from 'react';

/** 大字模式 (elder mode): remembered on this device and applied to <html> before React's first render. */
const LARGE_TEXT_KEY = 'doorstep.h5.largeText';
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return localStorage.getItem(LARGE_TEXT_KEY) === '1';
  } catch {
    return false;
  }
}

let largeText = read();

/** Puts the current mode on <html>; called at start-up, before the app renders. */
export function applyLargeText() {
  document.documentElement.classList.toggle('h5-large', largeText);
}

export function setLargeText(on: boolean) {
  largeText = on;
  try {
    if (on) localStorage.setItem(LARGE_TEXT_KEY, '1');
    else localStorage.removeItem(LARGE_TEXT_KEY);
  } catch {}
  applyLargeText();
  for (const l of listeners) l();
}

export function useLargeText(): boolean {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => largeText,
  );
}
