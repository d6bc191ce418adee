import type { EntityManager } from '@mikro-orm/core';
import type { AuthChecker } from 'type-graphql';
import type { ApiKeyCaller } from '../apikeys/api-keys.service';
import { isCatalogField } from '../apikeys/catalog-access';
import type { Session } from '../auth/session-store';
import type { Services } from '../app/services';
import { unauthenticated } from '../shared/errors';

/** What every resolver gets: a fresh entity manager, the caller's session (if any) and the services. */
export interface Context {
  em: EntityManager;
  session?: Session;
  /** Set instead of a session when the request carries an API key (catalog reads only). */
  apiKey?: ApiKeyCaller;
  /** The request carried a session token that is unknown, revoked or expired (it runs signed out). */
  refusedToken?: boolean;
  /** The caller's address, after trusted proxies. */
  ip: string;
  /** The api's origin as the caller reaches it (links handed out: playback URLs). */
  baseUrl: string;
  services: Services;
}

export type AuthedContext = Context & { session: Session };

/** @Authorized fields: a signed-in user, or an API key on the catalog's queries. */
export const authChecker: AuthChecker<Context> = ({ context, info }) =>
  context.session !== undefined || (context.apiKey !== undefined && isCatalogField(info));

/** The caller's session, or UNAUTHENTICATED; for resolvers that need the user without @Authorized. */
export function requireSession(context: Context): Session {
  if (!context.session) throw unauthenticated();
  return context.session;
}
