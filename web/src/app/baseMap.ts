import L from 'leaflet';
import { DEFAULT_CENTRE, TILE_ATTRIBUTION, TILE_URL } from './mapConfig';

/** A Leaflet map on the configured tiles (or a blank base), with a metric scale, centred on the demo street. */
export function createBaseMap(el: HTMLElement, options: L.MapOptions = {}): L.Map {
  const m = L.map(el, {
    zoomControl: true,
    attributionControl: Boolean(TILE_ATTRIBUTION),
    zoomSnap: 0.25,
    minZoom: 10,
    maxZoom: 19,
    ...options,
  });
  if (TILE_URL) L.tileLayer(TILE_URL, { attribution: TILE_ATTRIBUTION, maxZoom: 19 }).addTo(m);
  L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(m);
  m.setView(DEFAULT_CENTRE, 14);
  return m;
}
