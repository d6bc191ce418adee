import type { ApolloServerPlugin } from '@apollo/server';
import { FragmentDefinitionNode, GraphQLError, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';
import type { Context } from '../graphql/context';
import { forbidden } from '../shared/errors';

/** What an API key may read: these Query fields, and whatever they return. */
const CATALOG_FIELDS = new Set(['videos', 'video', '__typename']);

/** A Query field an API key may resolve. */
export const isCatalogField = (info: GraphQLResolveInfo) =>
  info.parentType === info.schema.getQueryType() && CATALOG_FIELDS.has(info.fieldName);

/** The root fields a selection set asks for, through inline fragments and fragment spreads. */
function rootFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    const fragment = fragments.get(name);
    if (!fragment || seen.has(name)) return [];
    seen.add(name);
    return rootFields(fragment.selectionSet, fragments, seen);
  });
}

/**
 * Keeps API keys to the catalog: a request made with a key may only be a query of `videos` and
 * `video` (and their fields); anything else is FORBIDDEN before any resolver runs.
 */
export const catalogOnlyForApiKeys = (): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, document }) {
        if (!contextValue.apiKey || !operation) return;
        const fragments = new Map(document.definitions
          .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
        const fields = rootFields(operation.selectionSet, fragments);
        if (operation.operation !== 'query' || fields.some((field) => !CATALOG_FIELDS.has(field))) {
          const error = forbidden('An API key may only read the video catalog (the videos and video queries)');
          throw new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 403 } } });
        }
      },
    };
  },
});
