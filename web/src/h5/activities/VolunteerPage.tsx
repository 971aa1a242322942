import type { MyVolunteering } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ApiError, api } from '../../app/api';
import { LoadError } from '../components/LoadError';
import { SubHeader } from '../requests/ui';
import './activities.css';
import './i18n';

interface Team {
  id: number;
  name: string;
  description: string;
  joined: boolean;
}
const hours = (m: number) => String(Math.round((m / 60) * 10) / 10);
const day = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium' }).format(new Date(iso));
const time = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );

const useMine = () =>
  useQuery({ queryKey: ['volunteer', 'me'], queryFn: () => api<MyVolunteering>('/api/volunteers/me') });

/** 志愿服务: my approved total, my teams (join one), my hours with their status, and the certificate link. */
export function VolunteerPage() {
  const { t } = useTranslation();
  const v = (k: string, o?: Record<string, unknown>) => t(`h5.volunteer.${k}`, o);
  const qc = useQueryClient();
  const mine = useMine();
  const teams = useQuery({
    queryKey: ['volunteer', 'teams'],
    queryFn: () => api<{ items: Team[] }>('/api/volunteers/teams').then((r) => r.items),
  });
  const join = useMutation({
    mutationFn: (id: number) => api(`/api/volunteers/teams/${id}/join`, { method: 'POST', json: {} }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: v('joinedOk') });
      void qc.invalidateQueries({ queryKey: ['volunteer'] });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  const m = mine.data;
  return (
    <>
      <SubHeader title={v('title')} subtitle={v('subtitle')} fallback="/me" />
      <div className="h5-content h5-content-sub">
        {mine.error && <LoadError error={mine.error} onRetry={() => void mine.refetch()} />}
        <section className="h5-card h5-vol-total" data-testid="h5-vol-total">
          <span>{v('total')}</span>
          <b>{m ? v('hours', { h: hours(m.approvedMinutes) }) : '…'}</b>
          <Link to="/volunteer/certificate" className="h5-act-checkin-link" data-testid="h5-vol-cert-link">
            {v('certificate')}
          </Link>
        </section>
        <section className="h5-card">
          <h2 className="h5-card-title">{v('teams')}</h2>
          {!teams.data?.length ? (
            <p className="h5-hint">{v('teamsNone')}</p>
          ) : (
            <ul className="h5-act-list">
              {teams.data.map((team) => (
                <li key={team.id} className="h5-vol-team">
                  <div>
                    <b>{team.name}</b>
                    <p className="h5-hint">{team.description}</p>
                  </div>
                  {team.joined ? (
                    <span className="h5-act-state h5-act-state-confirmed">{v('joined')}</span>
                  ) : (
                    <Button size="middle" color="primary" onClick={() => join.mutate(team.id)}>
                      {v('join')}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="h5-card">
          <h2 className="h5-card-title">{v('records')}</h2>
          {!m?.hours.length ? (
            <p className="h5-hint">{v('recordsNone')}</p>
          ) : (
            <ul className="h5-act-list" data-testid="h5-vol-hours">
              {m.hours.map((h) => (
                <li key={h.id} className="h5-vol-hour">
                  <div>
                    <b>{h.event}</b>
                    <p className="h5-hint">
                      {day(h.startedAt)} {time(h.startedAt)}–{time(h.endedAt)} · {h.teamName}
                    </p>
                  </div>
                  <div className="h5-vol-hour-right">
                    <b>{v('hours', { h: hours(h.minutes) })}</b>
                    <span className={`h5-act-state h5-act-state-${h.status}`}>
                      {v(`statuses.${h.status}`)}
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

/** A printable certificate of approved hours (print CSS hides everything but the sheet). */
export function CertificatePage() {
  const { t } = useTranslation();
  const v = (k: string, o?: Record<string, unknown>) => t(`h5.volunteer.${k}`, o);
  const mine = useMine();
  const m = mine.data;
  const approved = m?.hours.filter((h) => h.status === 'approved') ?? [];
  const teams = [...new Set(m?.teams.map((x) => x.communityName))].join('、');
  return (
    <div className="h5-cert-page">
      <div className="h5-cert-actions">
        <Link to="/volunteer">{t('h5.back')}</Link>
        <Button color="primary" onClick={() => window.print()} data-testid="h5-cert-print">
          {v('print')}
        </Button>
      </div>
      <article className="h5-cert" data-testid="h5-cert">
        <h1>{v('certTitle')}</h1>
        {m && (
          <>
            <p className="h5-cert-body">
              {m.approvedMinutes > 0 && m.since
                ? v('certBody', { name: m.name, since: day(m.since), h: hours(m.approvedMinutes) })
                : v('certNone')}
            </p>
            {approved.length > 0 && (
              <table>
                <thead>
                  <tr>
                    <th>{v('certWhen')}</th>
                    <th>{v('certEvent')}</th>
                    <th>{v('certLength')}</th>
                  </tr>
                </thead>
                <tbody>
                  {approved.map((h) => (
                    <tr key={h.id}>
                      <td>{day(h.startedAt)}</td>
                      <td>
                        {h.event}（{h.teamName}）
                      </td>
                      <td>{hours(h.minutes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="h5-cert-sign">
              {teams}
              <br />
              {v('certIssued', { date: day(new Date().toISOString()) })}
            </p>
          </>
        )}
      </article>
    </div>
  );
}
