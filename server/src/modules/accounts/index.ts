/** Accounts: who is asking (/api/me) and finding people to assign. Roles and scopes live in platform/access. */
export { accountsRoutes } from './accounts.routes';
