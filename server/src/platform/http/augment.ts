import type { Actor } from '../access/scopes';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'public': no sign-in needed; default: a signed-in user (401 otherwise). */
    auth?: 'public' | 'user';
  }
  interface FastifyInstance {
    routeList: { method: string; url: string; public: boolean }[];
  }
  interface FastifyRequest {
    /** Set by the auth hook on every non-public route. */
    actor: Actor;
  }
}
