import type { Address, House, HouseUse, Me, PersonSummary, Residence } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, SearchBar, Selector, Tabs, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import i18n from '../../app/i18n';
import { ArrowLeftIcon } from '../components/icons';
import { LoadError } from '../components/LoadError';
import { h5RecordsEnUS, h5RecordsZhCN } from '../locales/records';
import { SubHeader } from '../requests/ui';
import type { QueuedEdit } from './edit-queue';
import { PendingEdits } from './PendingEdits';
import { useEditQueue } from './queue';
import './records.css';

i18n.addResourceBundle('zh-CN', 'translation', { h5: h5RecordsZhCN }, true, true);
i18n.addResourceBundle('en-US', 'translation', { h5: h5RecordsEnUS }, true, true);

const RESIDENCES: Residence[] = ['household', 'permanent', 'tenant', 'floating'];
const USES: HouseUse[] = ['owner_occupied', 'rented', 'vacant', 'commercial'];
const PHONE = /^1\d{10}$/;
type Ref = { id: number; name: string };
type RecordTag = Ref & { archived: boolean };

/**
 * 入户走访 for grid workers: find a person or a house of my grid (online; the server limits both lists to the
 * grid), then update it while visiting — phone, residence, group tags, room and a visit note; a house's use and
 * occupants. The edit goes into the phone's queue (shared with 部件巡查, decision 0031), so it is kept without
 * signal and sent once when the signal returns; a conflicting change shows 冲突 with the server's value.
 */
export function VisitPage(_: { me: Me }) {
  const { t } = useTranslation();
  const v = (k: string, o?: Record<string, unknown>) => t(`h5.visit.${k}`, o);
  const [tab, setTab] = useState<'people' | 'houses'>('people');
  const [q, setQ] = useState('');
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [house, setHouse] = useState<House | null>(null);
  const queue = useEditQueue([['visit']]);

  const people = useQuery({
    queryKey: ['visit', 'people', q],
    queryFn: () =>
      api<{ items: PersonSummary[] }>(
        `/api/records/people?pageSize=30${q ? `&q=${encodeURIComponent(q)}` : ''}`,
      ),
    enabled: tab === 'people',
  });
  const houses = useQuery({
    queryKey: ['visit', 'houses', q],
    queryFn: () =>
      api<{ items: House[] }>(`/api/records/houses?pageSize=50${q ? `&q=${encodeURIComponent(q)}` : ''}`),
    enabled: tab === 'houses',
  });
  // loaded while online so that the forms work without signal
  const tags = useQuery({
    queryKey: ['visit', 'tags'],
    queryFn: () => api<{ items: RecordTag[] }>('/api/records/tags'),
    staleTime: 10 * 60_000,
  });
  const tagName = (id: number) => tags.data?.items.find((x) => x.id === id)?.name ?? `#${id}`;

  const describe = (e: QueuedEdit, from: 'mine' | 'server'): [string, string][] => {
    const src = from === 'mine' ? e.body : (e.server ?? {});
    const out: [string, string][] = [];
    for (const field of Object.keys(e.body)) {
      const val = src[field];
      if (field === 'phone') out.push([v('phone'), (val as string) || '—']);
      else if (field === 'residence') out.push([v('residence'), val ? v(`res.${val}`) : '—']);
      else if (field === 'use') out.push([v('use'), val ? v(`uses.${val}`) : '—']);
      else if (field === 'tagIds') {
        const names =
          from === 'mine'
            ? ((val as number[]) ?? []).map(tagName)
            : ((src.tags as Ref[] | undefined) ?? []).map((x) => x.name);
        out.push([v('tags'), names.join('、') || '—']);
      } else if (field === 'occupantIds') {
        const names =
          from === 'mine'
            ? ((e.body._occupantNames as string[] | undefined) ?? [])
            : ((src.occupants as Ref[] | undefined) ?? []).map((x) => x.name);
        out.push([v('occupants'), names.join('、') || v('noOccupants')]);
      } else if (field === 'addressId') {
        const label =
          from === 'mine'
            ? ((e.body._addressLabel as string | undefined) ?? '—')
            : ((src.address as { label: string } | null)?.label ?? v('noAddress'));
        out.push([v('address'), label]);
      } else if (field === 'visitNote' && from === 'mine') out.push([v('note'), String(val)]);
    }
    return out;
  };

  const queuedFor = (kind: QueuedEdit['kind'], id: number) =>
    queue.items.find((e) => e.kind === kind && e.id === id);

  const closeForm = () => {
    setPerson(null);
    setHouse(null);
  };

  if (person)
    return (
      <Shell title={person.name} onBack={closeForm} back={v('back')}>
        <PersonForm
          person={person}
          tags={tags.data?.items.filter((x) => !x.archived) ?? []}
          queued={queuedFor('person', person.id)}
          onSave={(body) => {
            queue.push({ kind: 'person', id: person.id, version: person.version, label: person.name, body });
            Toast.show({ icon: 'success', content: v('saved') });
            closeForm();
          }}
        />
      </Shell>
    );
  if (house)
    return (
      <Shell title={house.address.label} onBack={closeForm} back={v('back')}>
        <HouseForm
          house={house}
          queued={queuedFor('house', house.id)}
          onSave={(body) => {
            queue.push({
              kind: 'house',
              id: house.id,
              version: house.version,
              label: house.address.label,
              body,
            });
            Toast.show({ icon: 'success', content: v('saved') });
            closeForm();
          }}
        />
      </Shell>
    );

  const shownHouses = houses.data?.items ?? [];
  return (
    <>
      <SubHeader title={v('title')} subtitle={v('subtitle')} fallback="/me" />
      <main className="h5-main h5-visit">
        <PendingEdits
          items={queue.items}
          kinds={['person', 'house']}
          describe={describe}
          retry={(k) => void queue.retry(k)}
          discard={queue.discard}
        />
        <Tabs activeKey={tab} onChange={(k) => setTab(k as 'people' | 'houses')}>
          <Tabs.Tab title={v('people')} key="people" />
          <Tabs.Tab title={v('houses')} key="houses" />
        </Tabs>
        <SearchBar
          className="h5-visit-search"
          placeholder={tab === 'people' ? v('searchPeople') : v('searchHouses')}
          onSearch={(x) => setQ(x.trim())}
          onClear={() => setQ('')}
          data-testid="visit-search"
        />
        {tab === 'people' &&
          (people.isError ? (
            <LoadError error={people.error as ApiError} onRetry={() => void people.refetch()} />
          ) : (
            <ul className="h5-patrol-list">
              {(people.data?.items ?? []).map((x) => {
                const w = queuedFor('person', x.id);
                return (
                  <li key={x.id}>
                    <button type="button" onClick={() => setPerson(x)} data-testid={`visit-person-${x.id}`}>
                      <span className="h5-patrol-name">
                        <b>{x.name}</b>
                        <small>
                          {x.address?.label ?? '—'} · {v(`res.${x.residence}`)}
                        </small>
                      </span>
                      {w && (
                        <span className={`h5-patrol-state h5-queue-state-${w.status}`}>
                          {t(`h5.queue.${w.status}`)}
                        </span>
                      )}
                    </button>
                  </li>
                );
              })}
            </ul>
          ))}
        {tab === 'houses' &&
          (houses.isError ? (
            <LoadError error={houses.error as ApiError} onRetry={() => void houses.refetch()} />
          ) : (
            <ul className="h5-patrol-list">
              {shownHouses.map((h) => {
                const w = queuedFor('house', h.id);
                return (
                  <li key={h.id}>
                    <button type="button" onClick={() => setHouse(h)} data-testid={`visit-house-${h.id}`}>
                      <span className="h5-patrol-name">
                        <b>{h.address.label}</b>
                        <small>
                          {v(`uses.${h.use}`)} ·{' '}
                          {h.occupants.map((o) => o.name).join('、') || v('noOccupants')}
                        </small>
                      </span>
                      {w && (
                        <span className={`h5-patrol-state h5-queue-state-${w.status}`}>
                          {t(`h5.queue.${w.status}`)}
                        </span>
                      )}
                    </button>
                  </li>
                );
              })}
            </ul>
          ))}
        {((tab === 'people' && people.data && !people.data.items.length) ||
          (tab === 'houses' && houses.data && !shownHouses.length)) && (
          <p className="h5-muted">{v('none')}</p>
        )}
      </main>
    </>
  );
}

function Shell({
  title,
  back,
  onBack,
  children,
}: {
  title: string;
  back: string;
  onBack: () => void;
  children: React.ReactNode;
}) {
  return (
    <>
      <header className="h5-hero h5-subhero">
        <button type="button" className="h5-back" onClick={onBack} data-testid="visit-back">
          <ArrowLeftIcon />
          <span>{back}</span>
        </button>
        <h1 className="h5-subhero-title">{title}</h1>
      </header>
      <main className="h5-main h5-visit-form">{children}</main>
    </>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="h5-visit-field">
      <span className="h5-visit-label">{label}</span>
      {children}
    </div>
  );
}

function PersonForm({
  person,
  tags,
  queued,
  onSave,
}: {
  person: PersonSummary;
  tags: RecordTag[];
  queued?: QueuedEdit;
  onSave: (body: Record<string, unknown>) => void;
}) {
  const { t } = useTranslation();
  const v = (k: string, o?: Record<string, unknown>) => t(`h5.visit.${k}`, o);
  const b = queued?.body ?? {};
  const [phone, setPhone] = useState((b.phone as string | undefined) ?? '');
  const [residence, setResidence] = useState<Residence>((b.residence as Residence) ?? person.residence);
  const [tagIds, setTagIds] = useState<number[]>((b.tagIds as number[]) ?? person.tags.map((x) => x.id));
  const [addressId, setAddressId] = useState<number | null>(
    (b.addressId as number | undefined) ?? person.address?.id ?? null,
  );
  const [note, setNote] = useState((b.visitNote as string | undefined) ?? '');
  // rooms of the person's building (or of the grid), loaded online when the person is picked
  const addresses = useQuery({
    queryKey: ['visit', 'addresses', person.area.id],
    queryFn: () => api<{ items: Address[] }>(`/api/records/addresses?areaId=${person.area.id}&pageSize=100`),
    staleTime: 10 * 60_000,
  });
  const rooms = addresses.data?.items ?? [];
  const options =
    person.address && !rooms.some((r) => r.id === person.address!.id)
      ? [{ id: person.address.id, label: person.address.label }, ...rooms]
      : rooms;

  const save = () => {
    const body: Record<string, unknown> = {};
    const p = phone.replace(/\s/g, '');
    if (p) {
      if (!PHONE.test(p)) return void Toast.show({ icon: 'fail', content: v('phoneInvalid') });
      body.phone = p;
    }
    if (residence !== person.residence) body.residence = residence;
    const before = person.tags.map((x) => x.id).sort();
    if (JSON.stringify([...tagIds].sort()) !== JSON.stringify(before)) body.tagIds = tagIds;
    if (addressId !== (person.address?.id ?? null) && addressId) {
      body.addressId = addressId;
      body._addressLabel = options.find((r) => r.id === addressId)?.label;
    }
    if (note.trim()) body.visitNote = note.trim();
    if (!Object.keys(body).length) return void Toast.show({ content: v('nothing') });
    onSave(body);
  };

  return (
    <div className="h5-visit-fields">
      <Field label={v('phone')}>
        <Input
          type="tel"
          inputMode="numeric"
          value={phone}
          onChange={setPhone}
          placeholder={v('phoneKeep', { masked: person.phone ?? '—' })}
          clearable
          data-testid="visit-phone"
        />
      </Field>
      <Field label={v('residence')}>
        <Selector
          columns={2}
          options={RESIDENCES.map((r) => ({ label: v(`res.${r}`), value: r }))}
          value={[residence]}
          onChange={(x) => x[0] && setResidence(x[0])}
        />
      </Field>
      <Field label={v('tags')}>
        <Selector
          columns={2}
          multiple
          options={tags.map((x) => ({ label: x.name, value: x.id }))}
          value={tagIds}
          onChange={setTagIds}
        />
      </Field>
      <Field label={v('address')}>
        <select
          className="h5-visit-select"
          value={addressId ?? ''}
          onChange={(e) => setAddressId(e.target.value ? Number(e.target.value) : null)}
          data-testid="visit-address"
        >
          {!person.address && <option value="">{v('noAddress')}</option>}
          {options.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label={v('note')}>
        <TextArea
          value={note}
          onChange={setNote}
          placeholder={v('notePlaceholder')}
          maxLength={500}
          rows={3}
          showCount
          data-testid="visit-note"
        />
      </Field>
      <Button block color="primary" size="large" onClick={save} data-testid="visit-save">
        {v('save')}
      </Button>
    </div>
  );
}

function HouseForm({
  house,
  queued,
  onSave,
}: {
  house: House;
  queued?: QueuedEdit;
  onSave: (body: Record<string, unknown>) => void;
}) {
  const { t } = useTranslation();
  const v = (k: string, o?: Record<string, unknown>) => t(`h5.visit.${k}`, o);
  const b = queued?.body ?? {};
  const [use, setUse] = useState<HouseUse>((b.use as HouseUse) ?? house.use);
  const [occupants, setOccupants] = useState<Ref[]>(
    b.occupantIds
      ? (b.occupantIds as number[]).map((id, i) => ({
          id,
          name: (b._occupantNames as string[] | undefined)?.[i] ?? `#${id}`,
        }))
      : house.occupants,
  );
  const [note, setNote] = useState((b.visitNote as string | undefined) ?? '');
  const [find, setFind] = useState('');
  const found = useQuery({
    queryKey: ['visit', 'occupant-search', find],
    queryFn: () =>
      api<{ items: PersonSummary[] }>(`/api/records/people?pageSize=10&q=${encodeURIComponent(find)}`),
    enabled: find.length > 0,
  });

  const save = () => {
    const body: Record<string, unknown> = {};
    if (use !== house.use) body.use = use;
    const ids = occupants.map((o) => o.id);
    if (JSON.stringify([...ids].sort()) !== JSON.stringify(house.occupants.map((o) => o.id).sort())) {
      body.occupantIds = ids;
      body._occupantNames = occupants.map((o) => o.name);
    }
    if (note.trim()) body.visitNote = note.trim();
    if (!Object.keys(body).length) return void Toast.show({ content: v('nothing') });
    onSave(body);
  };

  return (
    <div className="h5-visit-fields">
      <Field label={v('use')}>
        <Selector
          columns={2}
          options={USES.map((u) => ({ label: v(`uses.${u}`), value: u }))}
          value={[use]}
          onChange={(x) => x[0] && setUse(x[0])}
        />
      </Field>
      <Field label={v('occupants')}>
        <ul className="h5-visit-chips">
          {occupants.map((o) => (
            <li key={o.id}>
              {o.name}
              <button
                type="button"
                aria-label={v('remove', { name: o.name })}
                onClick={() => setOccupants(occupants.filter((x) => x.id !== o.id))}
              >
                ×
              </button>
            </li>
          ))}
          {!occupants.length && <li className="h5-muted">{v('noOccupants')}</li>}
        </ul>
        <SearchBar
          placeholder={v('addOccupant')}
          onSearch={(x) => setFind(x.trim())}
          onClear={() => setFind('')}
        />
        {(found.data?.items ?? [])
          .filter((p) => !occupants.some((o) => o.id === p.id))
          .map((p) => (
            <button
              type="button"
              key={p.id}
              className="h5-visit-add"
              onClick={() => setOccupants([...occupants, { id: p.id, name: p.name }])}
            >
              + {p.name} <small>{p.address?.label ?? ''}</small>
            </button>
          ))}
      </Field>
      <Field label={v('note')}>
        <TextArea
          value={note}
          onChange={setNote}
          placeholder={v('notePlaceholder')}
          maxLength={500}
          rows={3}
          showCount
        />
      </Field>
      <Button block color="primary" size="large" onClick={save} data-testid="visit-save">
        {v('save')}
      </Button>
    </div>
  );
}
