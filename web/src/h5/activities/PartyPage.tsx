import type { PartyPost, PartyReport } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, TextArea, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import { LoadError } from '../components/LoadError';
import { SubHeader } from '../requests/ui';
import './activities.css';
import './i18n';

interface Mine {
  report: PartyReport | null;
  branches: { id: number; name: string }[];
  posts: PartyPost[];
}
const KINDS = ['visit', 'opinion', 'solved', 'mediated'] as const;

/** 在职党员回社区报到: register with the branch where I live, my commitment; my 先锋岗/责任区 and counting my work. */
export function PartyPage() {
  const { t } = useTranslation();
  const p = (k: string, o?: Record<string, unknown>) => t(`h5.party.${k}`, o);
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['party', 'me'], queryFn: () => api<Mine>('/api/party-members/me') });
  const [branchId, setBranchId] = useState<number | null>(null);
  const [workplace, setWorkplace] = useState('');
  const [commitment, setCommitment] = useState('');
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    const r = q.data?.report;
    if (r) {
      setBranchId(r.branchId);
      setWorkplace(r.workplaceBranch);
      setCommitment(r.commitment);
    } else if (q.data?.branches[0]) setBranchId(q.data.branches[0].id);
  }, [q.data]);
  const save = useMutation({
    mutationFn: () =>
      api<PartyReport>('/api/party-members/me/report', {
        method: 'POST',
        json: { branchId, workplaceBranch: workplace.trim(), commitment: commitment.trim() },
      }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: p('reported') });
      setEditing(false);
      void qc.invalidateQueries({ queryKey: ['party'] });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  const count = useMutation({
    mutationFn: (v: { post: number; kind: string }) =>
      api<PartyPost>(`/api/party-members/posts/${v.post}/work`, { method: 'POST', json: { kind: v.kind } }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: p('counted') });
      void qc.invalidateQueries({ queryKey: ['party'] });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage }),
  });
  const r = q.data?.report;
  const form = !r || editing;
  return (
    <>
      <SubHeader title={p('title')} subtitle={p('subtitle')} fallback="/me" />
      <div className="h5-content h5-content-sub">
        {q.error && <LoadError error={q.error} onRetry={() => void q.refetch()} />}
        <section className="h5-card" data-testid="h5-party-report">
          <h2 className="h5-card-title">{p('report')}</h2>
          {r && !editing && (
            <div className="h5-party-report">
              <span
                className={`h5-act-state h5-act-state-${r.status === 'confirmed' ? 'confirmed' : 'recorded'}`}
              >
                {p(`status.${r.status}`)}
              </span>
              <p>
                <b>{p('branch')}：</b>
                {r.branchName}
              </p>
              <p>
                <b>{p('workplace')}：</b>
                {r.workplaceBranch}
              </p>
              <p className="h5-party-commitment">{r.commitment}</p>
              <Button size="middle" fill="outline" onClick={() => setEditing(true)}>
                {p('edit')}
              </Button>
            </div>
          )}
          {form && q.data && (
            <form
              className="h5-form"
              onSubmit={(e) => {
                e.preventDefault();
                save.mutate();
              }}
            >
              <fieldset className="h5-party-branches">
                <legend className="h5-act-label">{p('branch')}</legend>
                {q.data.branches.map((b) => (
                  <label key={b.id} className="h5-party-branch">
                    <input
                      type="radio"
                      name="branch"
                      checked={branchId === b.id}
                      onChange={() => setBranchId(b.id)}
                    />
                    {b.name}
                  </label>
                ))}
              </fieldset>
              <label className="h5-act-label" htmlFor="h5-party-workplace">
                {p('workplace')}
              </label>
              <Input
                id="h5-party-workplace"
                className="h5-act-code"
                value={workplace}
                onChange={setWorkplace}
                placeholder={p('workplacePlaceholder')}
                maxLength={100}
                data-testid="h5-party-workplace"
              />
              <label className="h5-act-label" htmlFor="h5-party-commitment">
                {p('commitment')}
              </label>
              <TextArea
                id="h5-party-commitment"
                value={commitment}
                onChange={setCommitment}
                placeholder={p('commitmentPlaceholder')}
                rows={3}
                maxLength={500}
                data-testid="h5-party-commitment"
              />
              <Button
                block
                type="submit"
                color="primary"
                size="large"
                loading={save.isPending}
                disabled={!branchId || !workplace.trim() || commitment.trim().length < 2}
                data-testid="h5-party-submit"
              >
                {p('submit')}
              </Button>
            </form>
          )}
        </section>
        {(q.data?.posts ?? []).map((post) => (
          <section key={post.id} className="h5-card" data-testid="h5-party-post">
            <h2 className="h5-card-title">
              {post.name}
              <small className="h5-party-kind">{p(`kind.${post.kind}`)}</small>
            </h2>
            <ul className="h5-party-counts">
              {KINDS.map((k) => (
                <li key={k}>
                  <b>{post.counts[k]}</b>
                  <span>{p(`work.${k}`)}</span>
                  <Button
                    size="small"
                    color="primary"
                    fill="outline"
                    onClick={() => count.mutate({ post: post.id, kind: k })}
                    aria-label={p('add', { what: p(`work.${k}`) })}
                  >
                    +1
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </>
  );
}
