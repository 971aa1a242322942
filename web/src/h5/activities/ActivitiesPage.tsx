import type { InterestGroup, Session, Signup } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Input, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type ApiError, api } from '../../app/api';
import { LoadError } from '../components/LoadError';
import { SubHeader } from '../requests/ui';
import './activities.css';
import './i18n';

const dateFmt = (iso: string, lang: string) =>
  new Intl.DateTimeFormat(lang, {
    timeZone: 'Asia/Shanghai',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
  }).format(new Date(iso));
const timeFmt = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );

/** 社区活动: coming sessions with 报名 / 候补 / 取消, and my sign-ups. */
export function ActivitiesPage() {
  const { t, i18n } = useTranslation();
  const a = (k: string, o?: Record<string, unknown>) => t(`h5.activities.${k}`, o);
  const lang = i18n.language?.startsWith('en') ? 'en-GB' : 'zh-CN';
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'mine' ? 'mine' : params.get('tab') === 'groups' ? 'groups' : 'all';
  const qc = useQueryClient();
  const q = useQuery({
    enabled: tab !== 'groups',
    queryKey: ['activities', 'h5', tab],
    queryFn: () =>
      api<{ items: Session[] }>(
        tab === 'mine' ? '/api/activities/me/signups' : '/api/activities/sessions',
      ).then((r) => r.items),
  });
  const signUp = useMutation({
    mutationFn: (s: Session) => api<Signup>(`/api/activities/sessions/${s.id}/signup`, { method: 'POST' }),
    onSuccess: (r) => {
      Toast.show({
        icon: 'success',
        content: r.status === 'confirmed' ? a('signedUpOk') : a('waitlistedOk', { n: r.position }),
      });
      void qc.invalidateQueries({ queryKey: ['activities'] });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  const cancel = useMutation({
    mutationFn: (s: Session) => api(`/api/activities/sessions/${s.id}/cancel`, { method: 'POST' }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: a('cancelledOk') });
      void qc.invalidateQueries({ queryKey: ['activities'] });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  const askCancel = async (s: Session) => {
    if (
      await Dialog.confirm({
        content: a('cancelConfirm', { title: s.title }),
        confirmText: a('cancel'),
        cancelText: t('common.cancel'),
      })
    )
      cancel.mutate(s);
  };
  const items = q.data ?? [];
  return (
    <>
      <SubHeader title={a('title')} subtitle={a('subtitle')} fallback="/" />
      <div className="h5-content h5-content-sub">
        <fieldset className="h5-segmented">
          <legend className="sr-only">{a('title')}</legend>
          <button
            type="button"
            aria-pressed={tab === 'all'}
            onClick={() => setParams({})}
            data-testid="h5-act-all"
          >
            {a('tabAll')}
          </button>
          <button
            type="button"
            aria-pressed={tab === 'mine'}
            onClick={() => setParams({ tab: 'mine' })}
            data-testid="h5-act-mine"
          >
            {a('tabMine')}
          </button>
          <button
            type="button"
            aria-pressed={tab === 'groups'}
            onClick={() => setParams({ tab: 'groups' })}
            data-testid="h5-act-groups"
          >
            {a('tabGroups')}
          </button>
        </fieldset>
        <Link to="/activities/checkin" className="h5-act-checkin-link" data-testid="h5-act-checkin-link">
          {a('checkin')}
        </Link>
        {q.error && <LoadError error={q.error} onRetry={() => void q.refetch()} />}
        {tab === 'groups' ? (
          <Groups />
        ) : q.isPending ? (
          <p className="h5-hint">{t('common.loading')}</p>
        ) : items.length === 0 ? (
          <p className="h5-hint">{tab === 'mine' ? a('mineNone') : a('none')}</p>
        ) : (
          <ul className="h5-act-list" data-testid="h5-act-list">
            {items.map((s) => {
              const full = s.seatsTaken >= s.capacity;
              return (
                <li key={s.id} className="h5-card h5-act" data-testid={`h5-act-${s.id}`}>
                  <span className="h5-act-series">{s.series}</span>
                  <h2 className="h5-act-title">{s.title}</h2>
                  <p className="h5-act-when">
                    {a('when', {
                      date: dateFmt(s.startsAt, lang),
                      from: timeFmt(s.startsAt),
                      to: timeFmt(s.endsAt),
                    })}
                  </p>
                  <p className="h5-act-place">
                    {s.place} · {a('organiser', { who: s.organiser })}
                  </p>
                  <p className="h5-act-seats">
                    {a('seats', { taken: s.seatsTaken, capacity: s.capacity })}
                    {s.waiting > 0 && ` · ${a('waiting', { n: s.waiting })}`}
                  </p>
                  {s.mine ? (
                    <div className="h5-act-mine">
                      <span
                        className={`h5-act-state h5-act-state-${s.mine.checkedIn ? 'in' : s.mine.status}`}
                        data-testid="h5-act-state"
                      >
                        {s.mine.checkedIn
                          ? a('checkedIn')
                          : s.mine.status === 'confirmed'
                            ? a('signedUp')
                            : a('waitlisted', { n: s.mine.position })}
                      </span>
                      {s.mine.status === 'waitlisted' && <p className="h5-hint">{a('waitlistHint')}</p>}
                      {!s.mine.checkedIn && (
                        <Button
                          size="middle"
                          fill="outline"
                          onClick={() => void askCancel(s)}
                          data-testid="h5-act-cancel"
                        >
                          {a('cancel')}
                        </Button>
                      )}
                    </div>
                  ) : (
                    <Button
                      block
                      color="primary"
                      fill={full ? 'outline' : 'solid'}
                      size="large"
                      loading={signUp.isPending && signUp.variables?.id === s.id}
                      onClick={() => signUp.mutate(s)}
                      data-testid="h5-act-signup"
                    >
                      {full ? a('joinWaitlist') : a('signUp')}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </>
  );
}

/** 兴趣链: the community's interest groups with what they produced; join one. */
function Groups() {
  const { t } = useTranslation();
  const a = (k: string, o?: Record<string, unknown>) => t(`h5.activities.${k}`, o);
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['activities', 'h5', 'groups'],
    queryFn: () => api<{ items: InterestGroup[] }>('/api/interest-groups').then((r) => r.items),
  });
  const join = useMutation({
    mutationFn: (id: number) => api(`/api/interest-groups/${id}/join`, { method: 'POST' }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: a('joinedOk') });
      void qc.invalidateQueries({ queryKey: ['activities', 'h5', 'groups'] });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <p className="h5-hint">{t('common.loading')}</p>;
  if (!q.data.length) return <p className="h5-hint">{a('groupsNone')}</p>;
  return (
    <ul className="h5-act-list" data-testid="h5-groups">
      {q.data.map((g) => (
        <li key={g.id} className="h5-card h5-act">
          <h2 className="h5-act-title">{g.name}</h2>
          <p className="h5-act-place">{g.description}</p>
          <p className="h5-act-seats">{a('groupMembers', { n: g.members, party: g.partyMembers })}</p>
          {g.products.map((p) => (
            <p key={p.id} className="h5-group-product">
              {a('product', { title: p.title, n: p.quantity, unit: p.unit })}
            </p>
          ))}
          {g.joined ? (
            <span className="h5-act-state h5-act-state-confirmed">{a('joined')}</span>
          ) : (
            <Button block size="large" color="primary" fill="outline" onClick={() => join.mutate(g.id)}>
              {a('join')}
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** 签到: the scanned URL lands here with ?code=…; or the participant types the code. */
export function CheckinPage() {
  const { t } = useTranslation();
  const c = (k: string, o?: Record<string, unknown>) => t(`h5.checkin.${k}`, o);
  const [params] = useSearchParams();
  const [code, setCode] = useState(params.get('code') ?? '');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [done, setDone] = useState<Session | null>(null);
  useEffect(() => setCode(params.get('code') ?? ''), [params]);
  const go = useMutation({
    mutationFn: () =>
      api<Session>('/api/activities/checkin', { method: 'POST', json: { code: code.trim() } }),
    onSuccess: (s) => {
      setDone(s);
      Toast.show({ icon: 'success', content: c('ok') });
      void qc.invalidateQueries({ queryKey: ['activities'] });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  return (
    <>
      <SubHeader title={c('title')} subtitle={c('subtitle')} fallback="/activities" />
      <div className="h5-content h5-content-sub">
        <section className="h5-card">
          {done ? (
            <div className="h5-act-done" data-testid="h5-checkin-done">
              <div className="h5-act-done-mark" aria-hidden>
                ✓
              </div>
              <p>{c('done', { title: done.title })}</p>
              <Button block size="large" onClick={() => navigate('/activities?tab=mine')}>
                {c('back')}
              </Button>
            </div>
          ) : (
            <form
              className="h5-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (code.trim().length >= 6) go.mutate();
              }}
            >
              <label htmlFor="h5-checkin-code" className="h5-act-label">
                {c('code')}
              </label>
              <Input
                id="h5-checkin-code"
                className="h5-act-code"
                value={code}
                onChange={(v) => setCode(v.toUpperCase())}
                placeholder={c('placeholder')}
                maxLength={300}
                data-testid="h5-checkin-code"
              />
              <Button
                block
                type="submit"
                color="primary"
                size="large"
                loading={go.isPending}
                disabled={code.trim().length < 6}
                data-testid="h5-checkin-submit"
              >
                {c('submit')}
              </Button>
            </form>
          )}
        </section>
      </div>
    </>
  );
}
