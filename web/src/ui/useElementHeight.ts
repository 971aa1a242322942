import { type RefObject, useEffect, useState } from 'react';

/** The live height of an element (for virtual lists that need a pixel height). */
export function useElementHeight(ref: RefObject<HTMLElement | null>, fallback = 400) {
  const [height, setHeight] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setHeight(Math.max(120, Math.floor(entry.contentRect.height)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return height;
}
