import type { Crs } from './areas.api';

/**
 * Optional base map. Without VITE_TILE_URL the map draws grids on a plain background (no tile
 * server needed). Chinese tile providers use GCJ-02, so the outlines are then requested in GCJ-02.
 */
export const TILE_URL: string | undefined = import.meta.env.VITE_TILE_URL || undefined;
export const TILE_ATTRIBUTION: string | undefined = import.meta.env.VITE_TILE_ATTRIBUTION || undefined;
export const MAP_CRS: Crs = TILE_URL && import.meta.env.VITE_TILE_CRS === 'gcj02' ? 'gcj02' : 'wgs84';
