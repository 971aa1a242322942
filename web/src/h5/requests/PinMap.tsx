import 'leaflet/dist/leaflet.css';
import { useQuery } from '@tanstack/react-query';
import { Button, SpinLoading } from 'antd-mobile';
import gcoord from 'gcoord';
import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';
import { createBaseMap } from '../../app/baseMap';
import { MAP_CRS, TILE_URL } from '../../app/mapConfig';
import { AlertIcon, InfoIcon } from '../components/icons';
import type { Pin } from './model';

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

const PIN_ICON = L.divIcon({
  className: 'h5-pin-icon',
  html: '<svg viewBox="0 0 32 44" width="32" height="44" aria-hidden="true"><path d="M16 1C7.7 1 1 7.6 1 15.9 1 27 16 43 16 43s15-16 15-27.1C31 7.6 24.3 1 16 1z" fill="#c2410c" stroke="#fff" stroke-width="2"/><circle cx="16" cy="16" r="5.5" fill="#fff"/></svg>',
  iconSize: [32, 44],
  iconAnchor: [16, 43],
});

/** Faint lines for the map without tiles (a bordered div per tile). */
const BlankGrid = L.GridLayer.extend({
  createTile(): HTMLElement {
    const tile = document.createElement('div');
    tile.style.borderRight = '1px solid rgba(0, 0, 0, 0.06)';
    tile.style.borderBottom = '1px solid rgba(0, 0, 0, 0.06)';
    tile.style.boxSizing = 'border-box';
    return tile;
  },
}) as unknown as new (
  o: L.GridLayerOptions,
) => L.GridLayer;

/** The grid a point falls in (the server converts from the tiles' CRS), or null outside the service area. */
function useGridAt(p: { lng: number; lat: number; crs: string } | null) {
  return useQuery({
    queryKey: ['locate', p?.lng, p?.lat, p?.crs],
    queryFn: ({ signal }) =>
      api<{ grid: { id: number; name: string } | null }>(
        `/api/areas/locate?lng=${p!.lng}&lat=${p!.lat}&crs=${p!.crs}`,
        { signal },
      ),
    enabled: !!p,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * Full-screen map for 在地图上选点: the pin starts at the last pin, else the phone's position (WGS-84, shown in
 * the tiles' CRS), else the community centre; dragging the pin or tapping the map moves it. The picked point is in
 * the tiles' CRS (GCJ-02 on Chinese tiles), and says so. Loaded only when opened (Leaflet is not on the first screen).
 */
export default function PinMap({
  initial,
  gps,
  onPick,
  onCancel,
}: {
  initial: Pin | null;
  gps: { lng: number; lat: number } | null;
  onPick: (pin: Pin, gridName: string | null) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const [pin, setPin] = useState<Pin | null>(() => {
    if (initial && initial.crs === MAP_CRS) return initial;
    if (!gps) return null;
    const [lng, lat] =
      MAP_CRS === 'gcj02'
        ? gcoord.transform([gps.lng, gps.lat], gcoord.WGS84, gcoord.GCJ02)
        : [gps.lng, gps.lat];
    return { lng: round6(lng), lat: round6(lat), crs: MAP_CRS };
  });
  const located = useGridAt(pin);
  const startPin = useRef(pin);
  const grid = located.data?.grid ?? null;

  useEffect(() => {
    if (!el.current) return;
    const m = createBaseMap(el.current, { minZoom: 12 });
    const place = (ll: L.LatLng) => setPin({ lng: round6(ll.lng), lat: round6(ll.lat), crs: MAP_CRS });
    const first = startPin.current;
    const start = first ? L.latLng(first.lat, first.lng) : m.getCenter();
    m.setView(start, first ? 17 : 15);
    const marker = L.marker(start, { draggable: true, icon: PIN_ICON, keyboard: true, autoPan: true }).addTo(
      m,
    );
    marker.on('dragend', () => place(marker.getLatLng()));
    m.on('click', (e: L.LeafletMouseEvent) => {
      marker.setLatLng(e.latlng);
      place(e.latlng);
    });
    if (!first) place(start);
    // no base map: a light grid that moves with the map, so dragging and zooming can be seen
    if (!TILE_URL) new BlankGrid({ tileSize: 64 }).addTo(m);
    // nothing known yet: ask the phone once, and go there unless the pin was moved meanwhile
    let moved = false;
    marker.on('dragstart', () => {
      moved = true;
    });
    m.on('click', () => {
      moved = true;
    });
    if (!first && 'geolocation' in navigator)
      navigator.geolocation.getCurrentPosition(
        (pos) => {
          if (moved || !m.getContainer().isConnected) return;
          const [lng, lat] =
            MAP_CRS === 'gcj02'
              ? gcoord.transform([pos.coords.longitude, pos.coords.latitude], gcoord.WGS84, gcoord.GCJ02)
              : [pos.coords.longitude, pos.coords.latitude];
          const here = L.latLng(lat, lng);
          marker.setLatLng(here);
          m.setView(here, 17);
          place(here);
        },
        () => {},
        { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
      );
    return () => {
      m.remove();
    };
    // the map is made once; the pin's later moves come from the map itself
  }, []);

  // the back gesture / Escape closes the picker without picking
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  const outOfArea = !!pin && located.data !== undefined && grid === null;

  return (
    <div
      className="h5-pin"
      role="dialog"
      aria-modal="true"
      aria-labelledby="h5-pin-title"
      data-testid="h5-pin-map"
    >
      <header className="h5-pin-head">
        <button type="button" className="h5-pin-cancel" onClick={onCancel} data-testid="h5-pin-cancel">
          {t('h5.report.pin.cancel')}
        </button>
        <h2 id="h5-pin-title">{t('h5.report.pin.title')}</h2>
        <span className="h5-pin-head-end" />
      </header>
      <p className="h5-pin-hint">{t('h5.report.pin.hint')}</p>
      <div
        ref={el}
        className={`h5-pin-map${TILE_URL ? '' : ' h5-pin-map-blank'}`}
        role="application"
        aria-label={t('h5.report.pin.mapLabel')}
        data-testid="h5-pin-canvas"
      />
      <footer className="h5-pin-foot">
        {!TILE_URL && (
          <p className="h5-pin-note">
            <InfoIcon />
            {t('h5.report.pin.noTiles')}
          </p>
        )}
        <p className="h5-pin-grid" aria-live="polite" data-testid="h5-pin-grid">
          {located.isFetching ? (
            <>
              <SpinLoading color="primary" style={{ '--size': '1rem' }} />
              {t('h5.report.pin.checking')}
            </>
          ) : outOfArea ? (
            <span className="h5-field-error">
              <AlertIcon />
              {t('h5.report.pin.outOfArea')}
            </span>
          ) : grid ? (
            t('h5.report.pin.grid', { grid: grid.name })
          ) : null}
        </p>
        <Button
          block
          size="large"
          color="primary"
          className="h5-submit"
          disabled={!pin || outOfArea || located.isFetching}
          onClick={() => {
            if (pin) onPick(pin, grid?.name ?? null);
          }}
          data-testid="h5-pin-confirm"
        >
          {t('h5.report.pin.confirm')}
        </Button>
      </footer>
    </div>
  );
}
