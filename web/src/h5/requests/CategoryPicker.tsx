import { Popup } from 'antd-mobile';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryItem } from './queries';

/** A bottom sheet with every leaf category under its group, plus "not sure: let the community choose". */
export function CategoryPicker({
  open,
  categories,
  value,
  onPick,
  onClose,
}: {
  open: boolean;
  categories: CategoryItem[];
  value: string | null;
  onPick: (code: string | null) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language?.startsWith('en');
  const name = (c: CategoryItem) => (en ? c.nameEn : c.nameZh);
  const groups = categories
    .filter((c) => c.parentCode === null)
    .map((g) => ({ group: g, items: categories.filter((c) => c.parentCode === g.code) }))
    .filter((g) => g.items.length > 0);
  const selectedRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    // after the sheet slides in: bring the current choice into view and give it focus
    const id = setTimeout(() => {
      const el = selectedRef.current ?? closeRef.current;
      el?.scrollIntoView({ block: 'center' });
      el?.focus({ preventScroll: true });
    }, 320);
    return () => clearTimeout(id);
  }, [open]);

  return (
    <Popup
      visible={open}
      onMaskClick={onClose}
      onClose={onClose}
      destroyOnClose
      bodyClassName="h5-sheet"
      bodyStyle={{ borderTopLeftRadius: '1rem', borderTopRightRadius: '1rem' }}
    >
      <div role="dialog" aria-modal="true" aria-labelledby="h5-category-title" className="h5-sheet-inner">
        <div className="h5-sheet-head">
          <h2 id="h5-category-title">{t('h5.report.categoryPick')}</h2>
          <button
            type="button"
            ref={closeRef}
            className="h5-sheet-close"
            onClick={onClose}
            data-testid="h5-category-close"
          >
            {t('h5.report.categoryClose')}
          </button>
        </div>
        <div className="h5-sheet-body">
          <button
            type="button"
            className="h5-pick"
            aria-pressed={value === null}
            ref={value === null ? selectedRef : undefined}
            onClick={() => onPick(null)}
            data-testid="h5-category-none"
          >
            {t('h5.report.categoryLetThem')}
          </button>
          {groups.map(({ group, items }) => (
            <section key={group.code} aria-labelledby={`h5-cat-${group.code}`} className="h5-pick-group">
              <h3 id={`h5-cat-${group.code}`}>{name(group)}</h3>
              {items.map((c) => (
                <button
                  type="button"
                  key={c.code}
                  className="h5-pick"
                  aria-pressed={value === c.code}
                  ref={value === c.code ? selectedRef : undefined}
                  onClick={() => onPick(c.code)}
                  data-testid={`h5-category-${c.code}`}
                >
                  {name(c)}
                </button>
              ))}
            </section>
          ))}
        </div>
      </div>
    </Popup>
  );
}
