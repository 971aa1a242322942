import 'leaflet/dist/leaflet.css';
import gcoord from 'gcoord';
import type { FeatureCollection } from 'geojson';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import type { GridCollection, GridFeature } from '../areas/areas.api';
import { createBaseMap } from '../areas/baseMap';
import { MAP_CRS } from '../areas/mapConfig';
import { DRAWER_WIDTH } from './layout';

export interface MapPoint {
  id: number;
  /** WGS-84 as stored; null when only the grid or community is known */
  lng: number | null;
  lat: number | null;
  gridId: number | null;
  communityName: string | null;
  colour: string;
  label: string;
}

export interface RequestMapProps {
  grids: GridCollection;
  points: MapPoint[];
  selectedId: number | null;
  onOpen: (id: number) => void;
  label: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const PIN = 16;
/** Pins closer than this (px) are spread on a ring so each can be seen and clicked. */
const NEAR = PIN + 2;

/** Pixel offsets that put the members of a cluster on a small ring around its centre. */
function ringOffset(i: number, n: number): [number, number] {
  if (n < 2) return [0, 0];
  const perRing = 8;
  const radius = 12 * (1 + Math.floor(i / perRing));
  const angle = -Math.PI / 2 + (2 * Math.PI * (i % perRing)) / Math.min(perRing, n);
  return [Math.round(radius * Math.cos(angle)), Math.round(radius * Math.sin(angle))];
}

interface Pin {
  p: MapPoint;
  at: L.LatLng;
  exact: boolean;
  marker: L.Marker;
}

function iconFor(pin: Pin, selected: boolean, [dx, dy]: [number, number]) {
  return L.divIcon({
    className: `ds-req-pin${pin.exact ? '' : ' ds-req-pin-approx'}${selected ? ' ds-req-pin-selected' : ''}`,
    html: `<span style="--pin:${pin.p.colour}"></span>`,
    iconSize: [PIN, PIN],
    iconAnchor: [PIN / 2 - dx, PIN / 2 - dy],
  });
}

/** Groups pins that would overlap at the current zoom and spreads each group on a ring. */
function spread(m: L.Map, pins: Pin[], selectedId: number | null) {
  const clusters: { x: number; y: number; members: Pin[] }[] = [];
  for (const pin of pins) {
    const pt = m.latLngToLayerPoint(pin.at);
    const near = clusters.find((c) => Math.hypot(c.x - pt.x, c.y - pt.y) < NEAR);
    if (near) near.members.push(pin);
    else clusters.push({ x: pt.x, y: pt.y, members: [pin] });
  }
  for (const c of clusters)
    c.members.forEach((pin, i) => {
      const offset = ringOffset(i, c.members.length);
      pin.marker.setIcon(iconFor(pin, pin.p.id === selectedId, offset));
      const tip = pin.marker.getTooltip();
      if (tip) tip.options.offset = L.point(offset[0], offset[1] - PIN / 2);
    });
}

/** Grid names just inside each grid's top edge, and community names above them when there are several. */
function names(grids: GridCollection, layer: L.GeoJSON) {
  const group = L.layerGroup();
  const label = (at: L.LatLng, text: string, className: string) =>
    L.marker(at, {
      pane: 'ds-grid-names',
      interactive: false,
      keyboard: false,
      icon: L.divIcon({ className, html: `<span>${escapeHtml(text)}</span>`, iconSize: [0, 0] }),
    }).addTo(group);
  const communities = new Map<string, L.LatLngBounds>();
  layer.eachLayer((l) => {
    const b = (l as L.Polygon).getBounds();
    const props = ((l as L.Polygon).feature as unknown as GridFeature).properties;
    label(L.latLng(b.getNorth(), b.getCenter().lng), props.name, 'ds-req-grid-name');
    const c = communities.get(props.communityName);
    if (c) c.extend(b);
    else communities.set(props.communityName, L.latLngBounds(b.getSouthWest(), b.getNorthEast()));
  });
  if (communities.size > 1 && grids.features.length)
    for (const [name, b] of communities)
      label(L.latLng(b.getNorth(), b.getCenter().lng), name, 'ds-map-community');
  return group;
}

/**
 * Requests as pins coloured by warning over the grid outlines. A request without coordinates stands,
 * dashed, at its grid's centre (or its community's); pins that would overlap are spread at every zoom.
 */
export default function RequestMap({ grids, points, selectedId, onOpen, label }: RequestMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const gridLayer = useRef<L.GeoJSON | null>(null);
  const namesLayer = useRef<L.LayerGroup | null>(null);
  const pointLayer = useRef<L.LayerGroup | null>(null);
  const pins = useRef<Pin[]>([]);
  const selected = useRef(selectedId);
  selected.current = selectedId;
  const open = useRef(onOpen);
  open.current = onOpen;
  const fitted = useRef('');

  useEffect(() => {
    const m = createBaseMap(el.current!);
    // names under the pins (tooltips would sit on top of them)
    m.createPane('ds-grid-names').style.zIndex = '450';
    m.on('zoomend', () => spread(m, pins.current, selected.current));
    map.current = m;
    const observer = new ResizeObserver(() => m.invalidateSize());
    observer.observe(el.current!);
    return () => {
      observer.disconnect();
      m.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    gridLayer.current?.remove();
    namesLayer.current?.remove();
    gridLayer.current = L.geoJSON(grids as unknown as FeatureCollection, {
      style: { color: '#1d4e89', weight: 1.2, fillColor: '#1d4e89', fillOpacity: 0.05 },
      interactive: false,
    }).addTo(m);
    namesLayer.current = names(grids, gridLayer.current).addTo(m);
  }, [grids]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    pointLayer.current?.remove();
    const group = L.layerGroup();
    const gridCentres = new Map<number, L.LatLng>();
    const communityBounds = new Map<string, L.LatLngBounds>();
    gridLayer.current?.eachLayer((l) => {
      const b = (l as L.Polygon).getBounds();
      const props = ((l as L.Polygon).feature as unknown as GridFeature).properties;
      gridCentres.set(props.id, b.getCenter());
      const c = communityBounds.get(props.communityName);
      if (c) c.extend(b);
      else communityBounds.set(props.communityName, L.latLngBounds(b.getSouthWest(), b.getNorthEast()));
    });
    const placeOf = (p: MapPoint): [L.LatLng, boolean] | null => {
      if (p.lng != null && p.lat != null) {
        const [lng, lat] =
          MAP_CRS === 'gcj02' ? gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02) : [p.lng, p.lat];
        return [L.latLng(lat!, lng!), true];
      }
      const centre =
        (p.gridId != null && gridCentres.get(p.gridId)) ||
        (p.communityName && communityBounds.get(p.communityName)?.getCenter());
      return centre ? [centre, false] : null;
    };
    const bounds = L.latLngBounds([]);
    let chosen: L.LatLng | null = null;
    pins.current = [];
    for (const p of points) {
      const place = placeOf(p);
      if (!place) continue;
      const [at, exact] = place;
      bounds.extend(at);
      const marker = L.marker(at, {
        title: p.label,
        keyboard: true,
        riseOnHover: true,
        zIndexOffset: p.id === selectedId ? 1000 : 0,
      });
      marker.bindTooltip(escapeHtml(p.label), { direction: 'top' });
      marker.on('click', () => open.current(p.id));
      marker.addTo(group);
      pins.current.push({ p, at, exact, marker });
      if (p.id === selectedId) chosen = at;
    }
    group.addTo(m);
    pointLayer.current = group;
    // Fit the view when the set of points changes, not when one is selected (the map stays put):
    // the user's grids and every point, so the whole community stays in view with its requests.
    const key = `${points.map((p) => p.id).join()}|${grids.features.length}`;
    const target = L.latLngBounds([]);
    const gridBounds = gridLayer.current?.getBounds();
    if (gridBounds?.isValid()) target.extend(gridBounds);
    if (bounds.isValid()) target.extend(bounds);
    if (key !== fitted.current && target.isValid()) {
      fitted.current = key;
      m.fitBounds(target, { padding: [36, 36], maxZoom: 16, animate: false });
    }
    spread(m, pins.current, selectedId);
    // The selected request's pin stays clear of the detail drawer that opens over the map's right side.
    if (chosen) {
      const right = el.current!.getBoundingClientRect().right;
      const covered = Math.max(0, right - (window.innerWidth - DRAWER_WIDTH));
      m.panInside(chosen, { paddingTopLeft: [40, 40], paddingBottomRight: [covered + 40, 40] });
    }
  }, [points, grids, selectedId]);

  return (
    <div
      ref={el}
      className="ds-map ds-req-map"
      role="application"
      aria-label={label}
      data-testid="requests-map"
    />
  );
}
