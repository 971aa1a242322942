import type { RequestDetail, WhistleKind } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { Form, Radio, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { categoriesQuery, respondersQuery } from './requests.api';
import { categoryLabel, respondersOf, URGENCIES, WHISTLE_KINDS, whistleFor } from './vocabulary';

/** What the fields need of the request(s): the category (for the suggested whistle) and the live whistles. */
export type DispatchSubject = Pick<RequestDetail, 'categoryCode' | 'categoryName' | 'whistles'>;

/** The whistle the request's category suggests (its own default responder, else its parent's). */
function useSuggestedWhistle(detail: DispatchSubject) {
  const { i18n } = useTranslation();
  const categories = useQuery(categoriesQuery).data;
  const category = categories?.find((c) => c.code === detail.categoryCode);
  const parent = categories?.find((c) => c.code === category?.parentCode);
  const kind = whistleFor(category?.defaultResponder ?? parent?.defaultResponder);
  const name = category ? categoryLabel(category, i18n.language.startsWith('en')) : detail.categoryName;
  return { kind, categoryName: name };
}

/**
 * 哨声 first, then a lead responder of a kind that whistle calls, optional assisting responders and
 * (on first dispatch) the urgency. Reassigning changes the lead only; so does 批量派单 (`leadOnly`).
 */
export function DispatchFields({
  detail,
  reassign,
  leadOnly,
}: {
  detail: DispatchSubject;
  reassign?: boolean;
  leadOnly?: boolean;
}) {
  const { t } = useTranslation();
  const d = (k: string, o?: Record<string, unknown>) => t(`console.requests.dispatch.${k}`, o);
  const form = Form.useFormInstance();
  const kind = Form.useWatch<WhistleKind | undefined>('kind', form);
  const lead = Form.useWatch<number | undefined>('orgId', form);
  const orgs = useQuery(respondersQuery);
  const suggestion = useSuggestedWhistle(detail);
  const kinds = kind ? respondersOf(kind) : [];
  const kindNames = kinds.map((k) => t(`console.requests.responderKinds.${k}`)).join(' / ');
  const candidates = (orgs.data ?? []).filter((o) => (kinds as string[]).includes(o.kind));
  const currentLead = detail.whistles.find(
    (w) => w.role === 'lead' && (w.status === 'pending' || w.status === 'accepted'),
  );

  // The suggestion arrives with the category list; fill it in unless the user already chose.
  useEffect(() => {
    if (suggestion.kind && !form.getFieldValue('kind')) form.setFieldValue('kind', suggestion.kind);
  }, [suggestion.kind, form]);

  // One candidate of the chosen kind: pick it; a lead of another kind: clear it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the kind or the list changes, not on every render's derived arrays
  useEffect(() => {
    if (!orgs.data) return;
    const chosen = form.getFieldValue('orgId') as number | undefined;
    const list = candidates.filter((o) => o.id !== (reassign ? currentLead?.orgId : undefined));
    if (chosen && !list.some((o) => o.id === chosen)) form.setFieldValue('orgId', undefined);
    if (!form.getFieldValue('orgId') && list.length === 1) form.setFieldValue('orgId', list[0]!.id);
  }, [kind, orgs.data]);

  const byKind = new Map<string, { value: number; label: string }[]>();
  for (const o of orgs.data ?? [])
    if (o.id !== lead)
      byKind.set(o.kind, [
        ...(byKind.get(o.kind) ?? []),
        { value: o.id, label: `${o.name}（${o.areaName}）` },
      ]);

  return (
    <>
      <Form.Item
        name="kind"
        label={d('kind')}
        rules={[{ required: true, message: d('kindRequired') }]}
        extra={
          suggestion.kind &&
          d('suggested', {
            category: suggestion.categoryName,
            kind: t(`console.requests.whistleShort.${suggestion.kind}`),
          })
        }
      >
        <Select<WhistleKind>
          data-testid="dispatch-kind"
          placeholder={d('kindPlaceholder')}
          options={WHISTLE_KINDS.map((k) => ({ value: k, label: t(`console.requests.whistleKinds.${k}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="orgId"
        label={d('org')}
        rules={[{ required: true, message: d('orgRequired') }]}
        help={kind && orgs.data && candidates.length === 0 ? d('noOrg', { kinds: kindNames }) : undefined}
        validateStatus={kind && orgs.data && candidates.length === 0 ? 'warning' : undefined}
      >
        <Select<number>
          data-testid="dispatch-org"
          disabled={kind ? undefined : true}
          loading={orgs.isPending}
          placeholder={kind ? d('orgPlaceholder', { kinds: kindNames }) : d('kindPlaceholder')}
          showSearch={{ optionFilterProp: 'label' }}
          options={candidates.map((o) => ({
            value: o.id,
            label: o.name,
            disabled: reassign && o.id === currentLead?.orgId,
            area: o.areaName,
          }))}
          optionRender={(o) => (
            <span className="ds-user-option">
              <span>{o.label}</span>
              <span className="ds-muted">{o.data.area}</span>
            </span>
          )}
        />
      </Form.Item>
      {!reassign && !leadOnly && (
        <>
          <Form.Item name="assistOrgIds" label={d('assist')}>
            <Select<number[]>
              mode="multiple"
              maxCount={5}
              placeholder={d('assistPlaceholder')}
              showSearch={{ optionFilterProp: 'label' }}
              options={[...byKind].map(([k, options]) => ({
                label: t(`console.requests.responderKinds.${k}`),
                title: t(`console.requests.responderKinds.${k}`),
                options,
              }))}
            />
          </Form.Item>
          <Form.Item name="urgency" label={d('urgency')}>
            <Radio.Group
              optionType="button"
              options={URGENCIES.map((u) => ({ value: u, label: t(`console.requests.urgency.${u}`) }))}
            />
          </Form.Item>
        </>
      )}
    </>
  );
}
