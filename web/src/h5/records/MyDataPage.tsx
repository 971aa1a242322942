import type { Me } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { Button, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import i18n from '../../app/i18n';
import { EyeIcon, EyeOffIcon } from '../components/icons';
import { LoadError } from '../components/LoadError';
import { h5RecordsEnUS, h5RecordsZhCN } from '../locales/records';
import { SubHeader } from '../requests/ui';
import './records.css';

i18n.addResourceBundle('zh-CN', 'translation', { h5: h5RecordsZhCN }, true, true);
i18n.addResourceBundle('en-US', 'translation', { h5: h5RecordsEnUS }, true, true);

// Shapes of GET /api/my/records and /api/my/data-access (contract/src/records.ts; types only, no zod here).
interface MyPerson {
  name: string;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  idNumber: string | null;
  phone: string | null;
  residence: 'household' | 'permanent' | 'tenant' | 'floating';
  address: string | null;
  tags: string[];
  updatedAt: string;
}
interface Access {
  at: string;
  action: 'unmask' | 'export';
  viewerName: string | null;
  viewerRole: string | null;
  purpose: string;
}

/** 110101199001011234 → 110************234; 13800000008 → 138****0008 (as the console shows them). */
export const maskId = (v: string) =>
  v.length > 6 ? `${v.slice(0, 3)}${'*'.repeat(v.length - 6)}${v.slice(-3)}` : v;
export const maskPhone = (v: string) => (v.length >= 11 ? `${v.slice(0, 3)}****${v.slice(-4)}` : v);

/** "11月22日 09:30" / "22 Nov 09:30" (the year too when it is not this year), Beijing time. */
export function when(iso: string, lang: string, now = new Date()) {
  const parts = (d: Date) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      })
        .formatToParts(d)
        .map((p) => [p.type, p.value]),
    );
  const p = parts(new Date(iso));
  const year = p.year === parts(now).year ? '' : p.year;
  const time = `${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
  if (lang.startsWith('en')) {
    const month = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', month: 'short' }).format(
      new Date(iso),
    );
    return `${Number(p.day)} ${month}${year ? ` ${year}` : ''}, ${time}`;
  }
  return `${year ? `${year}年` : ''}${Number(p.month)}月${Number(p.day)}日 ${time}`;
}

/**
 * 我的信息与查看记录 (PIPL: a resident's right to see their data and who processed it): the roster's record of me,
 * numbers partly hidden until I choose to show them; every unmasking or export of my data in plain words
 * (「社区书记 李书记 于 11月22日 09:30 查看了您的身份证号和电话，用途：核实低保申请」); and a download of it all.
 */
export function MyDataPage(_: { me: Me }) {
  const { t, i18n: i } = useTranslation();
  const m = (k: string, o?: Record<string, unknown>) => t(`h5.myData.${k}`, o);
  const [full, setFull] = useState(false);
  const records = useQuery({
    queryKey: ['my', 'records'],
    queryFn: () => api<{ people: MyPerson[] }>('/api/my/records').then((r) => r.people),
  });
  const access = useQuery({
    queryKey: ['my', 'data-access'],
    queryFn: () => api<{ items: Access[] }>('/api/my/data-access').then((r) => r.items),
  });
  const lang = i.language || 'zh-CN';

  const who = (a: Access) =>
    [a.viewerRole ? t(`roles.${a.viewerRole}`) : null, a.viewerName].filter(Boolean).join(' ') ||
    m('someone');
  const sentence = (a: Access) =>
    m(a.action === 'export' ? 'exported' : 'viewed', { who: who(a), when: when(a.at, lang) });

  const rows = (p: MyPerson, clear: boolean): [string, string][] => [
    [m('name'), p.name],
    [m('gender'), p.gender ? m(p.gender) : '—'],
    [m('birthDate'), p.birthDate ?? '—'],
    [m('idNumber'), p.idNumber ? (clear ? p.idNumber : maskId(p.idNumber)) : '—'],
    [m('phone'), p.phone ? (clear ? p.phone : maskPhone(p.phone)) : '—'],
    [m('residence'), m(`res.${p.residence}`)],
    [m('address'), p.address ?? '—'],
    [m('tags'), p.tags.length ? p.tags.join(lang.startsWith('en') ? ', ' : '、') : '—'],
    [m('updatedAt'), when(p.updatedAt, lang)],
  ];

  const download = () => {
    const lines = [m('fileTitle', { date: when(new Date().toISOString(), lang) }), ''];
    for (const p of records.data ?? []) {
      lines.push(`【${m('record')}】`);
      for (const [k, v] of rows(p, true)) lines.push(`${k}：${v}`);
      lines.push('');
    }
    lines.push(`【${m('access')}】`);
    if (!access.data?.length) lines.push(m('accessNone'));
    for (const a of access.data ?? []) lines.push(`${sentence(a)}；${m('purpose', { purpose: a.purpose })}`);
    const blob = new Blob([`\ufeff${lines.join('\r\n')}\r\n`], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${m('download')}.txt`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    Toast.show({ icon: 'success', content: m('downloaded') });
  };

  const failed = (records.error ?? access.error) as ApiError | null;
  return (
    <>
      <SubHeader title={m('title')} subtitle={m('subtitle')} fallback="/me" />
      <div className="h5-content h5-content-sub">
        {failed && (
          <LoadError
            error={failed}
            onRetry={() => {
              void records.refetch();
              void access.refetch();
            }}
          />
        )}
        <section className="h5-card" aria-labelledby="h5-mydata-record" data-testid="h5-my-record">
          <h2 className="h5-card-title" id="h5-mydata-record">
            {m('record')}
          </h2>
          {records.isPending ? (
            <p className="h5-hint">{t('common.loading')}</p>
          ) : !records.data?.length ? (
            <p className="h5-hint">{m('none')}</p>
          ) : (
            <>
              {records.data.map((p) => (
                <dl className="h5-mydata-facts" key={`${p.name}-${p.updatedAt}-${p.address}`}>
                  {rows(p, full).map(([k, v]) => (
                    <div className="h5-mydata-fact" key={k}>
                      <dt>{k}</dt>
                      <dd>{v}</dd>
                    </div>
                  ))}
                </dl>
              ))}
              <button
                type="button"
                className="h5-reveal"
                aria-pressed={full}
                onClick={() => setFull((x) => !x)}
                data-testid="h5-my-reveal"
              >
                {full ? <EyeOffIcon /> : <EyeIcon />}
                <span>{full ? m('hideFull') : m('showFull')}</span>
              </button>
              <p className="h5-hint h5-mydata-hint">
                {m('maskedHint')}
                {lang.startsWith('en') ? ' ' : ''}
                {m('fixHint')}
              </p>
            </>
          )}
        </section>

        <section className="h5-card" aria-labelledby="h5-mydata-access" data-testid="h5-my-access">
          <h2 className="h5-card-title" id="h5-mydata-access">
            {m('access')}
          </h2>
          <p className="h5-hint">{m('accessHint')}</p>
          {access.isPending ? (
            <p className="h5-hint">{t('common.loading')}</p>
          ) : !access.data?.length ? (
            <p className="h5-access-none">{m('accessNone')}</p>
          ) : (
            <ol className="h5-access-list">
              {access.data.map((a) => (
                <li key={`${a.at}-${a.action}`} className="h5-access-item">
                  <p className="h5-access-what">{sentence(a)}</p>
                  <p className="h5-access-why">{m('purpose', { purpose: a.purpose })}</p>
                </li>
              ))}
            </ol>
          )}
        </section>

        {(records.data?.length ?? 0) > 0 && (
          <div className="h5-mydata-download">
            <Button
              block
              size="large"
              color="primary"
              fill="outline"
              className="h5-block-button"
              onClick={download}
              data-testid="h5-my-download"
            >
              {m('download')}
            </Button>
            <p className="h5-hint">{m('downloadHint')}</p>
          </div>
        )}
      </div>
    </>
  );
}
