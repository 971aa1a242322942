/**
 * Requests (诉求): 接诉即办 intake from every channel, routing to a grid, 吹哨报到 whistles to responders,
 * the visible timeline, deadlines on the holiday calendar, and the resident's rating.
 */

export { sweepDeadlines } from './deadline-sweep';
export { byGroup, computeMeasures, GAP_DEGREES_SQL, MEASURES_VERSION, WEIGHTS } from './measures';
export { requestGauges } from './metrics';
export {
  listOpen311Requests,
  listServiceCategories,
  listTimelineUpdates,
  type Open311RequestRow,
  reportOpen311Request,
} from './open311-support';
export { guessMapping, readHistoryFile, runHistoryImport } from './requests.import';
export { requestRoutes } from './requests.routes';
export { actOnRequest, reportRequest } from './requests.service';
