import type { PublishConsent } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Switch, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import i18n from '../../app/i18n';

const zh = {
  consent: {
    title: '在社区公开页展示',
    hint: '只展示类别、网格、受理和办结日期、评价，不展示您写的内容、姓名、电话和地址。默认不展示，可随时关闭。',
    on: '已同意展示',
    off: '已取消展示',
  },
};
const en: typeof zh = {
  consent: {
    title: 'Show on the community’s public page',
    hint: 'Only the category, grid, dates and rating are shown — never your text, name, phone or address. Off unless you turn it on; turn it off any time.',
    on: 'It will be shown',
    off: 'It will not be shown',
  },
};
i18n.addResourceBundle('zh-CN', 'translation', { h5: zh }, true, true);
i18n.addResourceBundle('en-US', 'translation', { h5: en }, true, true);

/** The reporter's consent to show a resolved request (without any personal data) on the community's public page. */
export function PublishConsentCard({ requestId }: { requestId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const key = ['insights', 'consent', requestId];
  const q = useQuery({
    queryKey: key,
    queryFn: () => api<PublishConsent>(`/api/insights/requests/${requestId}/publish-consent`),
    retry: false,
  });
  const set = useMutation({
    mutationFn: (consent: boolean) =>
      api<PublishConsent>(`/api/insights/requests/${requestId}/publish-consent`, {
        method: 'PUT',
        json: { consent },
      }),
    onSuccess: (d) => {
      qc.setQueryData(key, d);
      Toast.show({ content: t(d.consent ? 'h5.consent.on' : 'h5.consent.off') });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  // not the reporter (or no such request): nothing to decide here
  if (!q.data) return null;
  return (
    <section className="h5-card" data-testid="h5-publish-consent">
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: '0.75rem' }}>
        <h2 className="h5-card-title" style={{ margin: 0 }} id="h5-consent-title">
          {t('h5.consent.title')}
        </h2>
        <Switch
          checked={q.data.consent}
          loading={set.isPending}
          onChange={(v) => set.mutate(v)}
          aria-labelledby="h5-consent-title"
          data-testid="h5-publish-consent-switch"
        />
      </div>
      <p className="h5-hint">{t('h5.consent.hint')}</p>
    </section>
  );
}
