import 'leaflet/dist/leaflet.css';
import type { PolygonGeometry } from '@doorstep/contract';
import gcoord from 'gcoord';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import type { GridCollection, GridFeature } from './areas.api';
import { createBaseMap } from './baseMap';
import { MAP_CRS } from './mapConfig';

export interface AreaMapProps {
  grids: GridCollection;
  /** The grid to highlight (the selected grid, or the grid a selected compound/building is in). */
  highlightId: number | null;
  /** The selected node's own outline when it is not a grid (a community or compound), dashed. */
  outline: PolygonGeometry | null;
  onSelectGrid: (id: number) => void;
  label: string;
}

const PALETTE = ['#1d4e89', '#0e7c66', '#8a4baf', '#b26a00', '#a23b4f', '#2f7f9e', '#5b6c1f', '#6b4f3a'];
/** One colour per community, in the order they appear, so a single community is drawn in the primary blue. */
function communityColours(grids: GridCollection) {
  const ids = [...new Set(grids.features.map((f) => f.properties.communityId))];
  return new Map(ids.map((id, i) => [id, PALETTE[i % PALETTE.length]!]));
}
let colours = new Map<number, string>();

const styleOf = (f: GridFeature, highlightId: number | null): L.PathOptions => {
  const selected = f.properties.id === highlightId;
  const colour = colours.get(f.properties.communityId) ?? PALETTE[0]!;
  return {
    color: selected ? '#c8102e' : colour,
    weight: selected ? 3 : 1.5,
    fillColor: selected ? '#c8102e' : colour,
    fillOpacity: selected ? 0.22 : 0.1,
  };
};

/** Hides grid labels that would not fit inside their grid at this zoom (a whole street, say). */
function fitLabels(m: L.Map, g: L.GeoJSON) {
  g.eachLayer((l) => {
    const el = l.getTooltip()?.getElement();
    if (!el) return;
    const b = (l as L.Polygon).getBounds();
    const width = m.latLngToContainerPoint(b.getNorthEast()).x - m.latLngToContainerPoint(b.getSouthWest()).x;
    el.classList.toggle('ds-map-label-hidden', width < 64);
  });
}

/** Community names above each community's grids, when the map shows more than one community. */
function communityLabels(grids: GridCollection) {
  const group = L.layerGroup();
  const byCommunity = new Map<number, { name: string; bounds: L.LatLngBounds }>();
  for (const f of grids.features) {
    const b = L.geoJSON(f.geometry as unknown as Geometry).getBounds();
    const entry = byCommunity.get(f.properties.communityId);
    if (entry) entry.bounds.extend(b);
    else byCommunity.set(f.properties.communityId, { name: f.properties.communityName, bounds: b });
  }
  if (byCommunity.size < 2) return group;
  for (const { name, bounds } of byCommunity.values()) {
    const at = L.latLng(bounds.getNorth(), bounds.getCenter().lng);
    const icon = L.divIcon({
      className: 'ds-map-community',
      html: `<span>${escapeHtml(name)}</span>`,
      iconSize: [0, 0],
    });
    L.marker(at, { icon, interactive: false, keyboard: false }).addTo(group);
  }
  return group;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Restyles every grid for the highlighted one and marks its label. */
function applyHighlight(g: L.GeoJSON, highlightId: number | null) {
  g.options.style = (f) => styleOf(f as unknown as GridFeature, highlightId);
  g.eachLayer((l) => {
    g.resetStyle(l);
    const id = ((l as L.Polygon).feature as unknown as GridFeature | undefined)?.properties.id;
    if (id === highlightId) (l as L.Polygon).bringToFront();
    l.getTooltip()
      ?.getElement()
      ?.classList.toggle('ds-map-label-selected', id === highlightId);
  });
}

/** Grid outlines on a plain background (or tiles when configured); click a grid to select it. */
export default function AreaMap({ grids, highlightId, outline, onSelectGrid, label }: AreaMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.GeoJSON | null>(null);
  const outlineLayer = useRef<L.GeoJSON | null>(null);
  const namesLayer = useRef<L.LayerGroup | null>(null);
  const select = useRef(onSelectGrid);
  select.current = onSelectGrid;
  const highlight = useRef(highlightId);
  highlight.current = highlightId;

  useEffect(() => {
    const m = createBaseMap(el.current!);
    map.current = m;
    m.on('zoomend', () => layer.current && fitLabels(m, layer.current));
    const observer = new ResizeObserver(() => m.invalidateSize());
    observer.observe(el.current!);
    return () => {
      observer.disconnect();
      m.remove();
      map.current = null;
    };
  }, []);

  // Redraw when the set of grids changes and fit the view to them.
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    layer.current?.remove();
    namesLayer.current?.remove();
    colours = communityColours(grids);
    const g = L.geoJSON(grids as unknown as FeatureCollection, {
      style: (f) => styleOf(f as unknown as GridFeature, null),
      onEachFeature: (f: Feature, l) => {
        const p = (f as unknown as GridFeature).properties;
        l.bindTooltip(p.name, { permanent: true, direction: 'center', className: 'ds-map-label' });
        l.on('click', () => select.current(p.id));
        l.on('mouseover', () => (l as L.Path).setStyle({ weight: 3 }));
        l.on('mouseout', () => g.resetStyle(l));
      },
    }).addTo(m);
    layer.current = g;
    applyHighlight(g, highlight.current);
    namesLayer.current = communityLabels(grids).addTo(m);
    const bounds = g.getBounds();
    if (bounds.isValid())
      m.fitBounds(bounds, { paddingTopLeft: [16, 36], paddingBottomRight: [16, 30], animate: false });
    fitLabels(m, g);
  }, [grids]);

  // Restyle only, so selecting a grid does not move the map under the user's pointer.
  useEffect(() => {
    if (layer.current) applyHighlight(layer.current, highlightId);
  }, [highlightId]);

  useEffect(() => {
    const m = map.current;
    outlineLayer.current?.remove();
    outlineLayer.current = null;
    if (!m || !outline) return;
    // Detail geometry is stored in WGS-84; GCJ-02 tiles need it shifted like the grids are.
    const shape =
      MAP_CRS === 'gcj02'
        ? gcoord.transform(structuredClone(outline) as never, gcoord.WGS84, gcoord.GCJ02)
        : outline;
    outlineLayer.current = L.geoJSON(shape as unknown as Geometry, {
      style: { color: '#0f2744', weight: 2, dashArray: '6 4', fill: false },
      interactive: false,
    }).addTo(m);
    if (!grids.features.length) {
      const b = outlineLayer.current.getBounds();
      if (b.isValid()) m.fitBounds(b, { padding: [16, 16] });
    }
  }, [outline, grids]);

  return <div ref={el} className="ds-map" role="application" aria-label={label} data-testid="area-map" />;
}
