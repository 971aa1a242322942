import type { Me } from '@doorstep/contract';
import { useTranslation } from 'react-i18next';

type RoleAssignment = Me['roles'][number];

/** "居民 · 1栋", "商户 · 第2网格 · 周记理发店": the role, where it is held, and for whom. */
export function RoleTag({ role }: { role: RoleAssignment }) {
  const { t } = useTranslation();
  const where = [role.areaName, role.orgName].filter(Boolean).join(' · ');
  return (
    <span className="h5-role">
      <b>{t(`roles.${role.role}`)}</b>
      {where && <span>{where}</span>}
    </span>
  );
}

/** De-duplicated role tags (the same role can be held twice at one place through different tenants). */
export function RoleTags({ roles }: { roles: Me['roles'] }) {
  const seen = new Set<string>();
  const unique = roles.filter((r) => {
    const key = `${r.role}|${r.areaId}|${r.orgName ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return (
    <div className="h5-roles">
      {unique.map((r) => (
        <RoleTag key={`${r.tenantId}-${r.role}-${r.areaId}-${r.orgName ?? ''}`} role={r} />
      ))}
    </div>
  );
}
