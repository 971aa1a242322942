// The tile configuration is shared with the H5's map pin: it lives in app/mapConfig.ts.
export { MAP_CRS, TILE_ATTRIBUTION, TILE_URL } from '../../app/mapConfig';
