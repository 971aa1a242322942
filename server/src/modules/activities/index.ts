/**
 * 社区学院 and volunteers: courses with one-off or weekly sessions, sign-ups with a waiting list that moves up on a
 * cancel under the session's row lock, check-in by code, attendance figures and export; volunteer teams and hours
 * credited to the time bank once approved (docs/decisions/0023-activities.md).
 */

export { activityRoutes } from './activities.routes';
export { seedActivities } from './activities.seed';
export { cancelSignup, remindSessions, signUp } from './activities.service';
