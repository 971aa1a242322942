import type { Me, RequestDetail } from '@doorstep/contract';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, SpinLoading, Switch, Toast } from 'antd-mobile';
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../../app/api';
import {
  AlertIcon,
  CheckCircleIcon,
  EditIcon,
  EyeOffIcon,
  HouseIcon,
  InfoIcon,
  LocateIcon,
  PeopleIcon,
  PinIcon,
  QrIcon,
} from '../components/icons';
import { CategoryPicker } from './CategoryPicker';
import {
  blankDraft,
  clearDraft,
  type Draft,
  draftHasContent,
  isRetryable,
  type LocMode,
  NATURES,
  type Pin,
  placeFromQuery,
  RETRY_DELAYS,
  readDraft,
  SUBMIT_TRIES,
  writeDraft,
} from './model';
import { PhotoPicker, type PhotoStatus } from './PhotoPicker';
import {
  meToo,
  myRequestsKey,
  postReport,
  type ReportPayload,
  requestKey,
  type SuggestResult,
  suggest,
  useCategories,
  useCategoryName,
  useMyRequests,
} from './queries';
import { StatusTag, SubHeader, useWhen } from './ui';

// Leaflet and the map only load when the resident opens 在地图上选点 (not on the H5's first screen)
const PinMap = lazy(() => import('./PinMap'));

const storage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

type Phase = { k: 'idle' } | { k: 'sending'; attempt: number } | { k: 'failed' };
type Errors = { what?: string; where?: string; photos?: string; form?: string };

/**
 * 随手拍: what happened, what kind of request, where (QR code / home grid / phone position / address), a suggested
 * category, nearby duplicates with 我也遇到, anonymity, submit. The draft lives in localStorage until the server
 * has it; every try carries the draft's Idempotency-Key, so a flaky network never files it twice.
 */
export function ReportPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const qrPlace = placeFromQuery(params.get('place'));
  const hasHome = !!(me.home.grid || me.home.community);

  const [init] = useState(() => {
    const saved = readDraft(storage(), me.user.id);
    const restored = !!saved && draftHasContent(saved);
    let d = restored ? saved : blankDraft(me.user.id, hasHome);
    if (qrPlace) d = { ...d, placeAreaId: qrPlace, locMode: 'qr' };
    else if (d.locMode === 'qr' && !d.placeAreaId) d = { ...d, locMode: hasHome ? 'home' : 'gps' };
    return { draft: d, restored };
  });
  const [draft, setDraft] = useState<Draft>(init.draft);
  const [restored, setRestored] = useState(init.restored);
  const [phase, setPhase] = useState<Phase>({ k: 'idle' });
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState<RequestDetail | null>(null);
  const [locating, setLocating] = useState(false);
  const [geoMsg, setGeoMsg] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [pinOpen, setPinOpen] = useState(false);
  const [pinGrid, setPinGrid] = useState<string | null>(null);
  const [photoStatus, setPhotoStatus] = useState<PhotoStatus>({ pending: 0, failed: 0 });
  const textRef = useRef<HTMLTextAreaElement>(null);
  const addressRef = useRef<HTMLInputElement>(null);
  const whereRef = useRef<HTMLFieldSetElement>(null);
  const photosRef = useRef<HTMLElement>(null);
  const submitAreaRef = useRef<HTMLDivElement>(null);
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const sendingRef = useRef(false);

  const update = useCallback((patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch })), []);
  const onPhotoStatus = useCallback((s: PhotoStatus) => {
    setPhotoStatus(s);
    if (s.pending === 0 && s.failed === 0) setErrors((e) => (e.photos ? { ...e, photos: undefined } : e));
  }, []);
  // closing the map without a pin (never placed one) falls back to the option chosen before
  const closePin = useCallback(() => {
    setPinOpen(false);
    setDraft((d) =>
      d.locMode === 'map' && !d.pin ? { ...d, locMode: d.point ? 'gps' : hasHome ? 'home' : 'address' } : d,
    );
  }, [hasHome]);

  // keep what was typed on the phone until the server has it
  useEffect(() => {
    if (done) return;
    if (draftHasContent(draft)) writeDraft(storage(), { ...draft, savedAt: Date.now() });
    else clearDraft(storage());
  }, [draft, done]);

  // ---------- location ----------
  const locate = useCallback(() => {
    setGeoMsg(null);
    const fail = (reason: string) => {
      setLocating(false);
      if (hasHome) {
        update({ locMode: 'home' });
        setGeoMsg(`${reason}${t('h5.report.geoFallback')}`);
      } else {
        update({ locMode: 'address' });
        setGeoMsg(`${reason}${t('h5.report.geoNoFallback')}`);
        setTimeout(() => addressRef.current?.focus(), 0);
      }
    };
    if (!('geolocation' in navigator)) return fail(t('h5.report.geoUnsupported'));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        update({
          locMode: 'gps',
          point: {
            lng: Math.round(pos.coords.longitude * 1e6) / 1e6,
            lat: Math.round(pos.coords.latitude * 1e6) / 1e6,
            accuracy: Number.isFinite(pos.coords.accuracy) ? Math.round(pos.coords.accuracy) : null,
          },
        });
      },
      (err) =>
        fail(err.code === err.PERMISSION_DENIED ? t('h5.report.geoDenied') : t('h5.report.geoUnavailable')),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }, [hasHome, t, update]);

  const gpsPoint = draft.locMode === 'gps' ? draft.point : null;
  const pin = draft.locMode === 'map' ? draft.pin : null;
  const where = gpsPoint ? { ...gpsPoint, crs: 'wgs84' } : pin;
  const located = useQuery({
    queryKey: ['locate', where?.lng, where?.lat, where?.crs],
    queryFn: () =>
      api<{ grid: { id: number; name: string } | null }>(
        `/api/areas/locate?lng=${where!.lng}&lat=${where!.lat}&crs=${where!.crs}`,
      ),
    enabled: !!where,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const outOfArea = !!where && located.data?.grid === null;

  const chooseLocation = (mode: LocMode) => {
    update({ locMode: mode });
    setErrors((e) => ({ ...e, where: undefined }));
    setGeoMsg(null);
    if (mode === 'gps' && !draft.point) locate();
    if (mode === 'map') setPinOpen(true);
    if (mode === 'address') setTimeout(() => addressRef.current?.focus(), 0);
  };

  // ---------- suggestion: category and nearby duplicates ----------
  const text = useDebounced(draft.description.trim(), 600);
  const near = gpsPoint ?? (pin?.crs === 'wgs84' ? pin : null);
  // without a point, the QR code's place or the home grid finds duplicates in the same grid
  const placeId = near
    ? undefined
    : draft.locMode === 'qr'
      ? (draft.placeAreaId ?? undefined)
      : draft.locMode === 'home'
        ? (me.home.grid?.id ?? undefined)
        : undefined;
  const suggestion = useQuery({
    queryKey: ['suggest', text, near?.lng, near?.lat, placeId],
    queryFn: ({ signal }) =>
      suggest(
        {
          description: text,
          ...(near ? { lng: near.lng, lat: near.lat } : placeId ? { placeAreaId: placeId } : {}),
        },
        signal,
      ),
    enabled: text.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
  const suggested = suggestion.data && !suggestion.isPlaceholderData ? suggestion.data : null;
  useEffect(() => {
    if (!suggested) return;
    setDraft((d) => {
      if (d.categoryChosen) return d;
      const code = suggested.categories[0]?.code ?? null;
      return code === d.categoryCode ? d : { ...d, categoryCode: code };
    });
  }, [suggested]);

  // ---------- submit ----------
  const payload = (d: Draft): ReportPayload => ({
    description: d.description.trim(),
    nature: d.nature,
    ...(d.categoryCode ? { categoryCode: d.categoryCode } : {}),
    ...(d.locMode === 'gps' && d.point ? { lng: d.point.lng, lat: d.point.lat } : {}),
    ...(d.locMode === 'map' && d.pin ? { lng: d.pin.lng, lat: d.pin.lat } : {}),
    ...(d.locMode === 'qr' && d.placeAreaId ? { placeAreaId: d.placeAreaId } : {}),
    ...(d.address.trim() ? { address: d.address.trim().slice(0, 200) } : {}),
    // a pin is in the tiles' CRS (GCJ-02 on Chinese tiles), the phone's position in WGS-84
    crs: d.locMode === 'map' && d.pin ? d.pin.crs : 'wgs84',
    anonymous: d.anonymous,
    photos: d.photos,
  });

  const validate = (d: Draft): Errors => {
    const e: Errors = {};
    if (d.description.trim().length < 2) e.what = t('h5.report.whatTooShort');
    if (d.locMode === 'gps' && !d.point) e.where = t('h5.report.gpsNeeded');
    else if (d.locMode === 'map' && !d.pin) e.where = t('h5.report.pin.hint');
    else if ((d.locMode === 'gps' || d.locMode === 'map') && outOfArea) e.where = t('h5.report.outOfArea');
    else if (d.locMode === 'address' && d.address.trim().length < 2) e.where = t('h5.report.addressNeeded');
    if (photoStatus.pending > 0) e.photos = t('h5.report.photos.pending');
    else if (photoStatus.failed > 0) e.photos = t('h5.report.photos.failedBlock');
    return e;
  };

  const onAnswer = (e: unknown) => {
    const message = e instanceof ApiError ? e.userMessage : t('common.networkError');
    const code = e instanceof ApiError ? e.problem?.code : undefined;
    if (e instanceof ApiError && e.status === 401) {
      // signed out meanwhile: the draft is kept; the sign-in page brings them back here
      void qc.invalidateQueries({ queryKey: ['me'] });
    }
    if (code === 'OUT_OF_SERVICE_AREA' || code === 'LOCATION_REQUIRED' || code === 'PLACE_NOT_FOUND') {
      if (code === 'PLACE_NOT_FOUND') update({ placeAreaId: null, locMode: hasHome ? 'home' : 'address' });
      setErrors({ where: message });
      whereRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    } else if (code === 'CATEGORY_INVALID') {
      update({ categoryCode: null, categoryChosen: false });
      setErrors({ form: message });
    } else setErrors({ form: message });
  };

  const submit = async () => {
    if (sendingRef.current) return;
    const d = draftRef.current;
    const e = validate(d);
    setErrors(e);
    if (e.what) {
      textRef.current?.focus();
      return;
    }
    if (e.where) {
      if (d.locMode === 'address') addressRef.current?.focus();
      else whereRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      return;
    }
    if (e.photos) {
      photosRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      return;
    }
    sendingRef.current = true;
    const body = payload(d);
    try {
      for (let attempt = 1; attempt <= SUBMIT_TRIES; attempt++) {
        setPhase({ k: 'sending', attempt });
        try {
          const timeout = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(20_000) : undefined;
          const created = await postReport(body, d.key, timeout);
          clearDraft(storage());
          qc.setQueryData(requestKey(created.id), created);
          void qc.invalidateQueries({ queryKey: myRequestsKey });
          setDone(created);
          setPhase({ k: 'idle' });
          window.scrollTo({ top: 0 });
          return;
        } catch (err) {
          const status = err instanceof ApiError ? err.status : 0;
          if (!isRetryable(status)) {
            setPhase({ k: 'idle' });
            onAnswer(err);
            return;
          }
          if (attempt < SUBMIT_TRIES) {
            setPhase({ k: 'sending', attempt: attempt + 1 });
            await sleep(RETRY_DELAYS[attempt - 1] ?? 4000);
          }
        }
      }
      setPhase({ k: 'failed' });
    } finally {
      sendingRef.current = false;
    }
  };
  const submitRef = useRef(submit);
  submitRef.current = submit;

  // a retry or a failure is said right above the button, in view
  const retrying = phase.k === 'failed' || (phase.k === 'sending' && phase.attempt > 1);
  useEffect(() => {
    if (retrying) submitAreaRef.current?.scrollIntoView({ block: 'end', behavior: 'smooth' });
  }, [retrying]);

  // failed for want of network: send again (same key) as soon as the phone is back online
  useEffect(() => {
    if (phase.k !== 'failed') return;
    const again = () => void submitRef.current();
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [phase.k]);

  const startOver = async () => {
    const ok = await Dialog.confirm({
      content: <div className="h5-dialog-text">{t('h5.report.startOverConfirm')}</div>,
      confirmText: t('h5.report.startOver'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    const fresh = blankDraft(me.user.id, hasHome);
    setDraft(qrPlace ? { ...fresh, placeAreaId: qrPlace, locMode: 'qr' } : fresh);
    setRestored(false);
    setErrors({});
    setGeoMsg(null);
    setPhase({ k: 'idle' });
  };

  const another = () => {
    setDraft(blankDraft(me.user.id, hasHome));
    setDone(null);
    setErrors({});
    setGeoMsg(null);
    setRestored(false);
    window.scrollTo({ top: 0 });
  };

  if (done) return <Done r={done} onAnother={another} />;

  const sending = phase.k === 'sending';
  const count = Array.from(draft.description).length;

  return (
    <>
      <SubHeader title={t('h5.report.title')} subtitle={t('h5.report.subtitle')} />
      <form
        className="h5-content h5-content-sub h5-report"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {restored && (
          <div className="h5-note-box h5-restored" role="status">
            <InfoIcon />
            <span>{t('h5.report.restored')}</span>
            <button type="button" className="h5-link-button" onClick={startOver}>
              {t('h5.report.startOver')}
            </button>
          </div>
        )}

        <section className="h5-card">
          <div className="h5-field">
            <label htmlFor="h5-report-text" className="h5-card-title h5-q">
              <EditIcon />
              {t('h5.report.whatLabel')}
            </label>
            <textarea
              id="h5-report-text"
              ref={textRef}
              className="h5-textarea"
              rows={5}
              maxLength={2000}
              value={draft.description}
              placeholder={t('h5.report.whatPlaceholder')}
              onChange={(e) => {
                update({ description: e.target.value });
                if (errors.what) setErrors((x) => ({ ...x, what: undefined }));
              }}
              aria-invalid={!!errors.what}
              aria-describedby={errors.what ? 'h5-report-text-error' : 'h5-report-text-count'}
              data-testid="h5-report-text"
            />
            <div className="h5-count" id="h5-report-text-count">
              {t('h5.report.chars', { count })}
            </div>
            {errors.what && (
              <p className="h5-field-error" id="h5-report-text-error" role="alert">
                <AlertIcon />
                {errors.what}
              </p>
            )}
          </div>

          <fieldset className="h5-choices h5-nature">
            <legend>{t('h5.report.natureLabel')}</legend>
            <div className="h5-chips">
              {NATURES.map((n) => (
                <label key={n} className="h5-chip" data-testid={`h5-report-nature-${n}`}>
                  <input
                    type="radio"
                    name="nature"
                    value={n}
                    checked={draft.nature === n}
                    onChange={() => update({ nature: n })}
                  />
                  <span>{t(`h5.requests.nature.${n}`)}</span>
                </label>
              ))}
            </div>
            <p className="h5-hint h5-nature-hint">{t(`h5.requests.natureHint.${draft.nature}`)}</p>
          </fieldset>
        </section>

        <section className="h5-card" ref={photosRef} aria-labelledby="h5-photos-label">
          <h2 className="h5-card-title h5-q" id="h5-photos-label">
            {t('h5.report.photos.label')}
          </h2>
          <p className="h5-card-extra">{t('h5.report.photos.hint')}</p>
          <PhotoPicker
            key={draft.key}
            value={draft.photos}
            onChange={(photos) => update({ photos })}
            onStatus={onPhotoStatus}
          />
          {errors.photos && (
            <p className="h5-field-error" role="alert">
              <AlertIcon />
              {errors.photos}
            </p>
          )}
        </section>

        <section className="h5-card">
          <fieldset
            className="h5-choices"
            ref={whereRef}
            aria-describedby={errors.where ? 'h5-where-error' : undefined}
          >
            <legend className="h5-card-title h5-q">{t('h5.report.whereLabel')}</legend>
            <div className="h5-options">
              {draft.placeAreaId && (
                <LocOption
                  mode="qr"
                  draft={draft}
                  onChoose={chooseLocation}
                  icon={<QrIcon />}
                  title={t('h5.report.where.qr')}
                  hint={t('h5.report.where.qrHint')}
                />
              )}
              {hasHome && (
                <LocOption
                  mode="home"
                  draft={draft}
                  onChoose={chooseLocation}
                  icon={<HouseIcon />}
                  title={t('h5.report.where.home')}
                  hint={[me.home.community?.name, me.home.grid?.name].filter(Boolean).join(' · ')}
                  testId="h5-report-use-home"
                />
              )}
              <LocOption
                mode="gps"
                draft={draft}
                onChoose={chooseLocation}
                icon={<LocateIcon />}
                title={t('h5.report.where.gps')}
                hint={t('h5.report.where.gpsHint')}
                testId="h5-report-use-gps"
              >
                {draft.locMode === 'gps' && (
                  <div className="h5-gps" aria-live="polite">
                    {locating ? (
                      <span className="h5-gps-line">
                        <SpinLoading color="primary" style={{ '--size': '1.25rem' }} />
                        {t('h5.report.locating')}
                      </span>
                    ) : draft.point ? (
                      <>
                        <span className="h5-gps-line" data-testid="h5-report-located">
                          {located.data?.grid
                            ? t('h5.report.located', { grid: located.data.grid.name })
                            : located.data
                              ? null
                              : t('h5.report.locatedNoGrid')}
                          {draft.point.accuracy !== null && located.data?.grid && (
                            <span className="h5-muted">
                              {t('h5.report.accuracy', { m: draft.point.accuracy })}
                            </span>
                          )}
                        </span>
                        {outOfArea && (
                          <span className="h5-field-error">
                            <AlertIcon />
                            {t('h5.report.outOfArea')}
                          </span>
                        )}
                      </>
                    ) : null}
                    {!locating && (
                      <button type="button" className="h5-link-button" onClick={locate}>
                        {t('h5.report.relocate')}
                      </button>
                    )}
                  </div>
                )}
              </LocOption>
              <LocOption
                mode="map"
                draft={draft}
                onChoose={chooseLocation}
                icon={<PinIcon />}
                title={t('h5.report.where.map')}
                hint={t('h5.report.where.mapHint')}
                testId="h5-report-use-map"
              >
                {draft.locMode === 'map' && draft.pin && (
                  <div className="h5-gps" aria-live="polite">
                    <span className="h5-gps-line" data-testid="h5-report-pinned">
                      {located.data?.grid
                        ? t('h5.report.pin.picked', { grid: located.data.grid.name })
                        : pinGrid
                          ? t('h5.report.pin.picked', { grid: pinGrid })
                          : t('h5.report.pin.pickedNoGrid')}
                    </span>
                    {outOfArea && (
                      <span className="h5-field-error">
                        <AlertIcon />
                        {t('h5.report.outOfArea')}
                      </span>
                    )}
                    <button
                      type="button"
                      className="h5-link-button"
                      onClick={() => setPinOpen(true)}
                      data-testid="h5-report-pin-again"
                    >
                      {t('h5.report.pin.change')}
                    </button>
                  </div>
                )}
              </LocOption>
              <LocOption
                mode="address"
                draft={draft}
                onChoose={chooseLocation}
                icon={<EditIcon />}
                title={t('h5.report.where.address')}
                hint={t('h5.report.where.addressHint')}
                testId="h5-report-use-address"
              />
            </div>
            {geoMsg && (
              <p className="h5-note-box" role="status">
                <InfoIcon />
                <span>{geoMsg}</span>
              </p>
            )}
            <div className="h5-field h5-address">
              <label htmlFor="h5-report-address">
                {draft.locMode === 'address'
                  ? t('h5.report.addressLabel')
                  : t('h5.report.addressDetailLabel')}
              </label>
              <div className={`h5-input${errors.where && draft.locMode === 'address' ? ' h5-invalid' : ''}`}>
                <input
                  id="h5-report-address"
                  ref={addressRef}
                  value={draft.address}
                  maxLength={200}
                  autoComplete="street-address"
                  placeholder={t('h5.report.addressPlaceholder')}
                  onChange={(e) => {
                    update({ address: e.target.value });
                    if (errors.where && draft.locMode === 'address')
                      setErrors((x) => ({ ...x, where: undefined }));
                  }}
                  aria-invalid={!!errors.where && draft.locMode === 'address'}
                  data-testid="h5-report-address"
                />
              </div>
            </div>
            {errors.where && (
              <p className="h5-field-error" id="h5-where-error" role="alert">
                <AlertIcon />
                {errors.where}
              </p>
            )}
          </fieldset>
        </section>

        <CategorySection
          draft={draft}
          suggested={suggested}
          waiting={text.length < 2}
          onChange={() => setPicking(true)}
        />

        <Duplicates suggestion={suggested} />

        <section className="h5-card h5-settings">
          <div className="h5-setting">
            <EyeOffIcon />
            <div className="h5-setting-text" id="h5-anonymous-label">
              <b>{t('h5.report.anonymous')}</b>
              <span>{t('h5.report.anonymousHint')}</span>
            </div>
            <Switch
              data-testid="h5-report-anonymous"
              aria-labelledby="h5-anonymous-label"
              checked={draft.anonymous}
              onChange={(on) => update({ anonymous: on })}
              checkedText={t('h5.me.on')}
              uncheckedText={t('h5.me.off')}
            />
          </div>
        </section>

        <div className="h5-submit-area" ref={submitAreaRef}>
          {sending && phase.attempt > 1 && (
            <p className="h5-retrying" role="status" data-testid="h5-report-retrying">
              <SpinLoading color="currentColor" style={{ '--size': '1.25rem' }} />
              {t('h5.report.retrying', { n: phase.attempt, total: SUBMIT_TRIES })}
            </p>
          )}
          {phase.k === 'failed' && (
            <div className="h5-form-error h5-failed" role="alert" data-testid="h5-report-failed">
              <AlertIcon />
              <div>
                <div>{t('h5.report.failed')}</div>
                <div className="h5-failed-auto">{t('h5.report.failedAuto')}</div>
              </div>
            </div>
          )}
          {errors.form && (
            <p className="h5-form-error" role="alert" data-testid="h5-report-error">
              <AlertIcon />
              {errors.form}
            </p>
          )}
          {(errors.what || errors.where || errors.photos) && !errors.form && (
            <p className="h5-form-error" role="alert">
              <AlertIcon />
              {t('h5.report.errorSummary', { reason: errors.what ?? errors.where ?? errors.photos })}
            </p>
          )}
          <Button
            type="submit"
            block
            size="large"
            color="primary"
            className="h5-submit"
            loading={sending}
            loadingText={t('h5.report.submitting')}
            data-testid="h5-report-submit"
          >
            {phase.k === 'failed' ? t('h5.report.failedRetry') : t('h5.report.submit')}
          </Button>
        </div>
      </form>
      {pinOpen && (
        <Suspense
          fallback={
            <div className="h5-pin h5-center" aria-busy="true">
              <SpinLoading color="primary" style={{ '--size': '2.5rem' }} />
            </div>
          }
        >
          <PinMap
            initial={draft.pin}
            gps={draft.point}
            onCancel={closePin}
            onPick={(p: Pin, grid) => {
              update({ pin: p, locMode: 'map' });
              setPinGrid(grid);
              setPinOpen(false);
              setErrors((e) => ({ ...e, where: undefined }));
            }}
          />
        </Suspense>
      )}
      <CategoryPickerLoader
        open={picking}
        value={draft.categoryCode}
        onClose={() => setPicking(false)}
        onPick={(code) => {
          update({ categoryCode: code, categoryChosen: true });
          setPicking(false);
        }}
      />
    </>
  );
}

function LocOption({
  mode,
  draft,
  onChoose,
  icon,
  title,
  hint,
  testId,
  children,
}: {
  mode: LocMode;
  draft: Draft;
  onChoose: (m: LocMode) => void;
  icon: ReactNode;
  title: string;
  hint?: string;
  testId?: string;
  children?: ReactNode;
}) {
  const checked = draft.locMode === mode;
  return (
    <div className={`h5-option${checked ? ' h5-option-on' : ''}`}>
      <label className="h5-option-label" data-testid={testId ?? `h5-report-use-${mode}`}>
        <input type="radio" name="where" value={mode} checked={checked} onChange={() => onChoose(mode)} />
        <span className="h5-radio" aria-hidden="true" />
        <span className="h5-option-icon" aria-hidden="true">
          {icon}
        </span>
        <span className="h5-option-text">
          <b>{title}</b>
          {hint && <span>{hint}</span>}
        </span>
      </label>
      {children}
    </div>
  );
}

function CategorySection({
  draft,
  suggested,
  waiting,
  onChange,
}: {
  draft: Draft;
  suggested: SuggestResult | null;
  waiting: boolean;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  const categories = useCategories();
  const parent = categories.data?.items.find(
    (c) => c.code === categories.data?.items.find((x) => x.code === draft.categoryCode)?.parentCode,
  );
  const suggestedName = suggested?.categories.find((c) => c.code === draft.categoryCode)?.name;
  return (
    <section className="h5-card" aria-labelledby="h5-category-label">
      <h2 className="h5-card-title h5-q" id="h5-category-label">
        {t('h5.report.categoryLabel')}
      </h2>
      <div className="h5-category" aria-live="polite" data-testid="h5-report-category">
        {draft.categoryCode ? (
          <div className="h5-category-current">
            <span className="h5-category-badge">
              {draft.categoryChosen ? t('h5.report.categoryChosen') : t('h5.report.categorySuggested')}
            </span>
            <b>{categoryName(draft.categoryCode, suggestedName)}</b>
            {parent && <span className="h5-muted">{categoryName(parent.code)}</span>}
          </div>
        ) : (
          <p className="h5-hint">
            {waiting && !draft.categoryChosen ? t('h5.report.categoryWaiting') : t('h5.report.categoryNone')}
          </p>
        )}
        <Button
          size="middle"
          fill="outline"
          color="primary"
          className="h5-small-button"
          onClick={onChange}
          disabled={!categories.data}
          data-testid="h5-report-category-change"
        >
          {t('h5.report.categoryChange')}
        </Button>
      </div>
    </section>
  );
}

function CategoryPickerLoader(props: {
  open: boolean;
  value: string | null;
  onClose: () => void;
  onPick: (code: string | null) => void;
}) {
  const categories = useCategories();
  if (!categories.data) return null;
  return <CategoryPicker {...props} categories={categories.data.items} />;
}

/** Open requests of the same kind nearby: "我也遇到" adds this resident to one instead of a new report. */
function Duplicates({ suggestion }: { suggestion: SuggestResult | null }) {
  const { t } = useTranslation();
  const when = useWhen();
  const categoryName = useCategoryName();
  const mine = useMyRequests();
  const [joined, setJoined] = useState<Record<number, number>>({});
  const [own, setOwn] = useState<Record<number, true>>({});
  const [busy, setBusy] = useState<number | null>(null);
  const items = suggestion?.duplicates ?? [];
  if (items.length === 0) return null;
  const myIds = new Set(mine.data?.items.map((r) => r.id));

  const join = async (id: number) => {
    setBusy(id);
    try {
      const { meToo: n } = await meToo(id);
      setJoined((j) => ({ ...j, [id]: n }));
      Toast.show({ icon: 'success', content: t('h5.report.meTooThanks') });
    } catch (e) {
      if (e instanceof ApiError && e.problem?.code === 'ME_TOO_OWN') setOwn((o) => ({ ...o, [id]: true }));
      else
        Toast.show({
          icon: 'fail',
          content: e instanceof ApiError ? e.userMessage : t('common.networkError'),
        });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="h5-card h5-dups" aria-labelledby="h5-dups-title" data-testid="h5-report-duplicates">
      <h2 className="h5-card-title h5-q" id="h5-dups-title">
        <PeopleIcon />
        {t('h5.report.dupTitle')}
      </h2>
      <p className="h5-card-extra">{t('h5.report.dupHint')}</p>
      <ul className="h5-dup-list">
        {items.map((d) => {
          const isMine = myIds.has(d.id) || own[d.id];
          return (
            <li key={d.id} className="h5-dup">
              <div className="h5-request-card-head">
                <StatusTag status={d.status} />
                <span className="h5-muted">
                  {d.distanceM === null
                    ? t('h5.report.dupSameGrid')
                    : d.distanceM < 20
                      ? t('h5.report.dupHere')
                      : t('h5.report.dupDistance', { m: d.distanceM })}
                </span>
              </div>
              <p className="h5-dup-text">{d.description}</p>
              <p className="h5-muted">
                {categoryName(null, d.categoryName)} · {when(d.createdAt)}
              </p>
              {isMine ? (
                <p className="h5-dup-own">
                  {t('h5.report.meTooOwn')}
                  <Link to={`/requests/${d.id}`} className="h5-link-button">
                    {t('h5.report.meTooView')}
                  </Link>
                </p>
              ) : joined[d.id] !== undefined ? (
                <div role="status">
                  <p className="h5-dup-joined">
                    <CheckCircleIcon />
                    {t('h5.report.meTooDone', { count: joined[d.id] })}
                  </p>
                  <p className="h5-dup-own">
                    <span>{t('h5.report.meTooNoNeed')}</span>
                    <Link to="/" className="h5-link-button" replace>
                      {t('h5.report.doneHome')}
                    </Link>
                  </p>
                </div>
              ) : (
                <Button
                  block
                  size="large"
                  color="primary"
                  fill="outline"
                  className="h5-block-button h5-metoo"
                  loading={busy === d.id}
                  onClick={() => void join(d.id)}
                  data-testid="h5-me-too"
                >
                  {t('h5.report.meToo')}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The confirmation: the public number, the deadline, a way to its timeline. */
function Done({ r, onAnother }: { r: RequestDetail; onAnother: () => void }) {
  const { t } = useTranslation();
  const when = useWhen();
  const navigate = useNavigate();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <>
      <SubHeader title={t('h5.report.title')} />
      <div className="h5-content h5-content-sub">
        <section className="h5-card h5-done" data-testid="h5-report-done" aria-labelledby="h5-done-title">
          <CheckCircleIcon className="h5-done-icon" />
          <h2 id="h5-done-title" ref={headingRef} tabIndex={-1}>
            {t('h5.report.doneTitle')}
          </h2>
          <p className="h5-done-hint">{t('h5.report.doneHint')}</p>
          <div className="h5-done-no">
            <span>{t('h5.report.doneNumber')}</span>
            <b data-testid="h5-report-done-no">{r.publicNo}</b>
          </div>
          {r.resolveDueAt && (
            <p className="h5-done-due">{t('h5.report.doneDeadline', { when: when(r.resolveDueAt) })}</p>
          )}
          <Button
            block
            size="large"
            color="primary"
            className="h5-submit"
            onClick={() => navigate(`/requests/${r.id}`, { replace: true })}
            data-testid="h5-report-done-timeline"
          >
            {t('h5.report.doneTimeline')}
          </Button>
          <div className="h5-done-more">
            <Link to="/" className="h5-link-button" replace>
              {t('h5.report.doneHome')}
            </Link>
            <button type="button" className="h5-link-button" onClick={onAnother}>
              {t('h5.report.doneAnother')}
            </button>
          </div>
        </section>
      </div>
    </>
  );
}
