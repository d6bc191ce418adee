import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { ErrorCode } from '../shared/errors';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

/** Reports a limit as QUERY_TOO_COMPLEX instead of the library's uncoded error. */
const coded = () => ({
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => {
    context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: ErrorCode.QueryTooComplex } }));
  }],
});

/**
 * Validation rules every operation passes, over HTTP and graphql-ws, whoever sends it: depth, aliases
 * and a cost estimate, so one request cannot stall the api (introspection is counted for depth too).
 */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, ...coded() }),
    maxAliasesRule({ n: limits.maxAliases, ...coded() }),
    costLimitRule({ maxCost: limits.maxCost, ...coded() }),
  ] as ValidationRule[];
}
