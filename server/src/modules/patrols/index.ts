/**
 * 暗夜走访 night patrols: plans with a team of three and a time window, patrols that check in at places with
 * location and photo and file findings as requests (channel patrol) through the requests module.
 */

export { patrolRoutes } from './patrols.routes';
export { seedPatrols } from './patrols.seed';
