/** The API is served from the same origin as the app (embedded mode, nginx, or the dev proxy). */
export const GRAPHQL_PATH = '/graphql';

export function graphqlWsUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${GRAPHQL_PATH}`;
}
