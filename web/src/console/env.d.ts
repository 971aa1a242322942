/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Base-map tile URL template, e.g. https://webrd01.is.autonavi.com/appmaptile?…&x={x}&y={y}&z={z} */
  readonly VITE_TILE_URL?: string;
  /** gcj02 | wgs84: the coordinate system of those tiles. */
  readonly VITE_TILE_CRS?: string;
  readonly VITE_TILE_ATTRIBUTION?: string;
}
