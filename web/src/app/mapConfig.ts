/** Which coordinate system a map's points are in: the tiles decide (Chinese providers draw in GCJ-02). */
export type MapCrs = 'wgs84' | 'gcj02';

/**
 * Optional base map, shared by the console and the H5. Without VITE_TILE_URL maps draw on a plain background
 * (no tile server needed). Chinese tile providers use GCJ-02, so points picked on them are GCJ-02 and outlines
 * are then requested in GCJ-02; the server converts and stores WGS-84.
 */
export const TILE_URL: string | undefined = import.meta.env.VITE_TILE_URL || undefined;
export const TILE_ATTRIBUTION: string | undefined = import.meta.env.VITE_TILE_ATTRIBUTION || undefined;
export const MAP_CRS: MapCrs = TILE_URL && import.meta.env.VITE_TILE_CRS === 'gcj02' ? 'gcj02' : 'wgs84';

/** Where a map opens when nothing better is known: the demo street's centre. */
export const DEFAULT_CENTRE: [number, number] = [30.61, 104.05];
