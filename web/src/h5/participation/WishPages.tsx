import type { Me, Wish, WishCategory } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, Selector, Switch, Tabs, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type ApiError, api } from '../../app/api';
import { EmptyState } from '../components/EmptyState';
import { ChevronRightIcon } from '../components/icons';
import { LoadError } from '../components/LoadError';
import { PhotoPicker } from '../requests/PhotoPicker';
import { Fact, SubHeader, Thumbs } from '../requests/ui';
import './i18n';
import './participation.css';

// the categories (contract WishCategory; types only on the H5 side)
const CATEGORIES: WishCategory[] = [
  'repair',
  'tutoring',
  'legal',
  'car',
  'health',
  'companion',
  'goods',
  'other',
];
const today = (days = 0) =>
  new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const fail = (e: unknown) => Toast.show({ icon: 'fail', content: (e as ApiError).userMessage });

function useW() {
  const { t } = useTranslation();
  return { t, w: (k: string, o?: Record<string, unknown>) => t(`h5.part.wishes.${k}`, o) };
}

function WishStatusTag({ wish }: { wish: Wish }) {
  const { w } = useW();
  return <span className={`h5-wish-status h5-wish-${wish.status}`}>{w(`status.${wish.status}`)}</span>;
}

/** 微心愿: the community's wishes, mine, and those I claimed (with my skills 所长); a big 我要许愿 button. */
export function WishesPage({ me }: { me: Me }) {
  const { w } = useW();
  const [tab, setTab] = useState<'community' | 'mine' | 'claimed'>('community');
  const list = useQuery({
    queryKey: ['wishes', tab],
    queryFn: () => api<{ items: Wish[]; total: number }>(`/api/wishes?scope=${tab}&pageSize=50`),
  });
  const navigate = useNavigate();
  return (
    <>
      <SubHeader title={w('title')} subtitle={w('subtitle')} />
      <div className="h5-content h5-content-sub">
        <Button
          block
          color="primary"
          className="h5-submit"
          onClick={() => navigate('/wishes/new')}
          data-testid="h5-wish-post"
        >
          {w('post')}
        </Button>
        <Tabs activeKey={tab} onChange={(k) => setTab(k as typeof tab)} className="h5-part-tabs">
          {(['community', 'mine', 'claimed'] as const).map((k) => (
            <Tabs.Tab key={k} title={w(`tabs.${k}`)} />
          ))}
        </Tabs>
        {list.error && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
        {list.data && list.data.items.length === 0 && <EmptyState title={w('none')} hint="" />}
        <ul className="h5-wish-list" data-testid="h5-wish-list">
          {list.data?.items.map((x) => (
            <li key={x.id}>
              <Link to={`/wishes/${x.id}`} className="h5-card h5-wish-card">
                <div className="h5-wish-top">
                  <span className="h5-wish-cat">{w(`category.${x.category}`)}</span>
                  <WishStatusTag wish={x} />
                </div>
                <p className="h5-wish-text">{x.text}</p>
                <div className="h5-wish-meta">
                  <span>{x.hideName && !x.mine ? w('anonymous') : x.authorName}</span>
                  <span>{w('by', { date: x.byDate })}</span>
                  <ChevronRightIcon />
                </div>
                {x.hidden && <p className="h5-wish-warn">{w('hidden', { reason: x.hiddenReason ?? '' })}</p>}
              </Link>
            </li>
          ))}
        </ul>
        {tab === 'claimed' && <SkillsCard me={me} />}
      </div>
    </>
  );
}

/** 我的所长: the categories I can help with (党员所长). */
function SkillsCard({ me: _me }: { me: Me }) {
  const { w } = useW();
  const qc = useQueryClient();
  const skills = useQuery({
    queryKey: ['wishes', 'skills'],
    queryFn: () => api<{ items: { category: WishCategory; note: string }[] }>('/api/wishes/skills/mine'),
  });
  const [picked, setPicked] = useState<WishCategory[] | null>(null);
  const value = picked ?? skills.data?.items.map((s) => s.category) ?? [];
  const save = useMutation({
    mutationFn: () =>
      api('/api/wishes/skills/mine', {
        method: 'PUT',
        json: {
          items: value.map((category) => ({
            category,
            note: skills.data?.items.find((s) => s.category === category)?.note ?? '',
          })),
        },
      }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: w('skillsSaved') });
      void qc.invalidateQueries({ queryKey: ['wishes', 'skills'] });
    },
    onError: fail,
  });
  return (
    <section className="h5-card" aria-labelledby="h5-skills-title">
      <h2 className="h5-card-title" id="h5-skills-title">
        {w('skills')}
      </h2>
      <p className="h5-hint">{w('skillsHint')}</p>
      <Selector
        multiple
        columns={2}
        value={value}
        onChange={(v) => setPicked(v)}
        options={CATEGORIES.map((c) => ({ label: w(`category.${c}`), value: c }))}
      />
      <Button
        block
        className="h5-block-button h5-part-gap"
        loading={save.isPending}
        onClick={() => save.mutate()}
      >
        {w('skillsSave')}
      </Button>
    </section>
  );
}

/** 我要许愿: text, what kind of help, by when, an optional photo, hide my name. */
export function PostWishPage() {
  const { t, w } = useW();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [category, setCategory] = useState<WishCategory | null>(null);
  const [byDate, setByDate] = useState(today(7));
  const [photos, setPhotos] = useState<string[]>([]);
  const [hideName, setHideName] = useState(false);
  const post = useMutation({
    mutationFn: () =>
      api<Wish>('/api/wishes', {
        method: 'POST',
        json: { text: text.trim(), category, byDate, hideName, ...(photos[0] ? { photoId: photos[0] } : {}) },
      }),
    onSuccess: (x) => {
      Toast.show({ icon: 'success', content: w('posted') });
      void qc.invalidateQueries({ queryKey: ['wishes'] });
      navigate(`/wishes/${x.id}`, { replace: true });
    },
    onError: fail,
  });
  const ready = text.trim().length >= 2 && category !== null && byDate >= today();
  return (
    <>
      <SubHeader title={w('postTitle')} subtitle={w('postSubtitle')} fallback="/wishes" />
      <div className="h5-content h5-content-sub">
        <form
          className="h5-card h5-part-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (ready) post.mutate();
          }}
        >
          <label className="h5-part-label" htmlFor="wish-text">
            {w('text')}
          </label>
          <TextArea
            id="wish-text"
            value={text}
            onChange={setText}
            placeholder={w('textPlaceholder')}
            rows={4}
            maxLength={500}
            showCount
            data-testid="h5-wish-text"
          />
          <span className="h5-part-label">{w('categoryLabel')}</span>
          <Selector
            columns={2}
            value={category ? [category] : []}
            onChange={(v) => setCategory(v[0] ?? null)}
            options={CATEGORIES.map((c) => ({ label: w(`category.${c}`), value: c }))}
            data-testid="h5-wish-category"
          />
          <label className="h5-part-label" htmlFor="wish-date">
            {w('byDate')}
          </label>
          <input
            id="wish-date"
            className="h5-part-date"
            type="date"
            min={today()}
            value={byDate}
            onChange={(e) => setByDate(e.target.value)}
          />
          <span className="h5-part-label">{w('photo')}</span>
          <PhotoPicker value={photos} onChange={(ids) => setPhotos(ids.slice(0, 1))} />
          <div className="h5-part-switch">
            <span>
              <b>{w('hideName')}</b>
              <small>{w('hideNameHint')}</small>
            </span>
            <Switch checked={hideName} onChange={setHideName} aria-label={w('hideName')} />
          </div>
          <Button
            block
            type="submit"
            color="primary"
            className="h5-submit"
            disabled={!ready}
            loading={post.isPending}
            data-testid="h5-wish-submit"
          >
            {t('h5.part.wishes.submit')}
          </Button>
        </form>
      </div>
    </>
  );
}

/** A wish: what, who, by when; claim it, report it done with evidence, or (its author) confirm it. */
export function WishDetailPage({ me }: { me: Me }) {
  const { t, w } = useW();
  const id = Number(useParams().id);
  const qc = useQueryClient();
  const wish = useQuery({ queryKey: ['wishes', 'one', id], queryFn: () => api<Wish>(`/api/wishes/${id}`) });
  const matches = useQuery({
    queryKey: ['wishes', 'matches', id],
    queryFn: () =>
      api<{ items: { userId: string; name: string; note: string }[] }>(`/api/wishes/${id}/matches`),
    enabled: !!wish.data && wish.data.status === 'open',
  });
  const partyMember = me.roles.some((r) => r.role === 'party_member');
  const [kind, setKind] = useState<'party_member' | 'volunteer' | 'unit'>(
    partyMember ? 'party_member' : 'volunteer',
  );
  const [org, setOrg] = useState('');
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [saying, setSaying] = useState(false);
  const [reason, setReason] = useState('');
  const act = useMutation({
    mutationFn: ({ path, json }: { path: string; json: unknown; ok: string }) =>
      api<Wish>(`/api/wishes/${id}/${path}`, { method: 'POST', json }),
    onSuccess: (x, v) => {
      Toast.show({ icon: 'success', content: v.ok });
      qc.setQueryData(['wishes', 'one', id], x);
      void qc.invalidateQueries({ queryKey: ['wishes'] });
      setSaying(false);
    },
    onError: fail,
  });
  const x = wish.data;
  return (
    <>
      <SubHeader title={w('detail')} fallback="/wishes" />
      <div className="h5-content h5-content-sub">
        {wish.error && <LoadError error={wish.error} onRetry={() => void wish.refetch()} />}
        {x && (
          <>
            <section className="h5-card" data-testid="h5-wish-detail">
              <div className="h5-wish-top">
                <span className="h5-wish-cat">{w(`category.${x.category}`)}</span>
                <WishStatusTag wish={x} />
              </div>
              <p className="h5-wish-text h5-wish-text-big">{x.text}</p>
              {x.photoId && <Thumbs ids={[x.photoId]} />}
              <dl className="h5-facts">
                <Fact label={w('author')}>{x.hideName && !x.mine ? w('anonymous') : x.authorName}</Fact>
                <Fact label={w('byDateShort')}>{x.byDate}</Fact>
                {x.claimerName && (
                  <Fact label={w('claimer')}>
                    {x.claimerName}（{x.claimerOrg ?? w(`claimerKind.${x.claimerKind}`)}）
                  </Fact>
                )}
              </dl>
              {x.escalated && x.status === 'open' && <p className="h5-hint">{w('escalated')}</p>}
              {x.hidden && <p className="h5-wish-warn">{w('hidden', { reason: x.hiddenReason ?? '' })}</p>}
              {x.notDoneReason && x.status === 'claimed' && (
                <p className="h5-wish-warn">{w('notDoneBefore', { reason: x.notDoneReason })}</p>
              )}
            </section>

            {x.fulfilNote && (
              <section className="h5-card" data-testid="h5-wish-evidence">
                <h2 className="h5-card-title">{w('evidence')}</h2>
                <p className="h5-wish-text">{x.fulfilNote}</p>
                {x.fulfilPhotoId && <Thumbs ids={[x.fulfilPhotoId]} />}
              </section>
            )}

            {x.status === 'open' && !x.mine && !x.hidden && (
              <section className="h5-card h5-part-form" data-testid="h5-wish-claim">
                <span className="h5-part-label">{w('claimAs')}</span>
                <Selector
                  columns={3}
                  value={[kind]}
                  onChange={(v) => v[0] && setKind(v[0])}
                  options={(['party_member', 'volunteer', 'unit'] as const)
                    .filter((k) => k !== 'party_member' || partyMember)
                    .map((k) => ({ label: w(`claimerKind.${k}`), value: k }))}
                />
                {kind === 'unit' && (
                  <Input value={org} onChange={setOrg} placeholder={w('org')} maxLength={50} />
                )}
                <Button
                  block
                  color="primary"
                  className="h5-submit"
                  loading={act.isPending}
                  disabled={kind === 'unit' && !org.trim()}
                  onClick={() =>
                    act.mutate({
                      path: 'claim',
                      json: { kind, ...(kind === 'unit' ? { org: org.trim() } : {}) },
                      ok: w('claimed'),
                    })
                  }
                  data-testid="h5-wish-claim-button"
                >
                  {w('claim')}
                </Button>
              </section>
            )}

            {x.status === 'claimed' && x.claimedByMe && (
              <section className="h5-card h5-part-form" data-testid="h5-wish-fulfil">
                <label className="h5-part-label" htmlFor="wish-note">
                  {w('fulfilNote')}
                </label>
                <TextArea
                  id="wish-note"
                  value={note}
                  onChange={setNote}
                  rows={3}
                  maxLength={500}
                  placeholder={w('fulfilPlaceholder')}
                  data-testid="h5-wish-fulfil-note"
                />
                <span className="h5-part-label">{w('fulfilPhoto')}</span>
                <PhotoPicker value={photos} onChange={(ids) => setPhotos(ids.slice(0, 1))} />
                <Button
                  block
                  color="primary"
                  className="h5-submit"
                  disabled={note.trim().length < 2}
                  loading={act.isPending}
                  onClick={() =>
                    act.mutate({
                      path: 'fulfil',
                      json: { note: note.trim(), ...(photos[0] ? { photoId: photos[0] } : {}) },
                      ok: w('fulfilled'),
                    })
                  }
                  data-testid="h5-wish-fulfil-button"
                >
                  {w('fulfil')}
                </Button>
              </section>
            )}

            {x.status === 'fulfilled' && x.mine && (
              <section className="h5-card h5-part-form" data-testid="h5-wish-confirm">
                <h2 className="h5-card-title">{w('confirmAsk')}</h2>
                {!saying ? (
                  <div className="h5-part-stack">
                    <Button
                      color="primary"
                      className="h5-submit"
                      loading={act.isPending}
                      onClick={() =>
                        act.mutate({ path: 'confirm', json: { done: true }, ok: w('confirmed') })
                      }
                      data-testid="h5-wish-confirm-yes"
                    >
                      {w('confirmYes')}
                    </Button>
                    <Button block className="h5-submit" onClick={() => setSaying(true)}>
                      {w('confirmNo')}
                    </Button>
                  </div>
                ) : (
                  <>
                    <TextArea value={reason} onChange={setReason} rows={2} placeholder={w('notDoneReason')} />
                    <Button
                      block
                      className="h5-submit"
                      disabled={reason.trim().length < 2}
                      onClick={() =>
                        act.mutate({
                          path: 'confirm',
                          json: { done: false, reason: reason.trim() },
                          ok: w('notDone'),
                        })
                      }
                    >
                      {t('h5.part.wishes.confirmNo')}
                    </Button>
                  </>
                )}
              </section>
            )}

            {x.status === 'open' && (matches.data?.items.length ?? 0) > 0 && (
              <section className="h5-card">
                <h2 className="h5-card-title">{w('matches')}</h2>
                <p className="h5-hint">{w('matchesHint')}</p>
                <ul className="h5-part-people">
                  {matches.data?.items.map((p) => (
                    <li key={p.userId}>
                      <b>{p.name}</b>
                      {p.note && <span>{p.note}</span>}
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </>
        )}
      </div>
    </>
  );
}
