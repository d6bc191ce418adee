import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLResolveInfo } from 'graphql';
import type { Context } from '../graphql/context';
import { operationRootFields } from '../graphql/operation-fields';
import { forbidden } from '../shared/errors';

/** What an API key may read: these Query fields, and whatever they return. */
const CATALOG_FIELDS = new Set(['videos', 'video', '__typename']);

/** A Query field an API key may resolve. */
export const isCatalogField = (info: GraphQLResolveInfo) =>
  info.parentType === info.schema.getQueryType() && CATALOG_FIELDS.has(info.fieldName);

/**
 * Keeps API keys to the catalog: a request made with a key may only be a query of `videos` and
 * `video` (and their fields); anything else is FORBIDDEN before any resolver runs.
 */
export const catalogOnlyForApiKeys = (): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, document }) {
        if (!contextValue.apiKey || !operation) return;
        const fields = operationRootFields(document, operation);
        if (operation.operation !== 'query' || fields.some((field) => !CATALOG_FIELDS.has(field))) {
          const error = forbidden('An API key may only read the video catalog (the videos and video queries)');
          throw new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 403 } } });
        }
      },
    };
  },
});
