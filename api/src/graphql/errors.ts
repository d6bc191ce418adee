import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AuthenticationError, AuthorizationError, ArgumentValidationError } from 'type-graphql';
import { AppError, ErrorCode } from '../shared/errors';
import type { Logger } from '../shared/logger';

/** Codes graphql-js, Apollo and type-graphql already set that are safe to pass to clients. */
const PASSED_THROUGH = new Set<string>([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'UNAUTHENTICATED',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST',
  ErrorCode.QueryTooComplex, ErrorCode.TooManySubscriptions,
]);

interface ValidationIssue {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationIssue[];
}

function flatten(issues: ValidationIssue[], prefix = ''): { field: string; problems: string[] }[] {
  return issues.flatMap((issue) => [
    ...(issue.constraints ? [{ field: prefix + issue.property, problems: Object.values(issue.constraints) }] : []),
    ...flatten(issue.children ?? [], `${prefix}${issue.property}.`),
  ]);
}

/**
 * Maps any error raised while executing an operation to what the client sees: domain errors keep
 * their code and message, framework errors get a stable code, anything else is masked and logged.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, logger: Logger, schemaHints = false): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError ?? error : error;
  // "Did you mean …?" names fields and types of the schema: only when introspection is on.
  const message = schemaHints ? formatted.message : formatted.message.replace(/ Did you mean .*\?$/, '');
  const base = { message, locations: formatted.locations, path: formatted.path };
  if (original instanceof AppError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  if (original instanceof ArgumentValidationError) {
    const fields = flatten(original.extensions.validationErrors as ValidationIssue[]);
    const message = fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | ') || 'Invalid input';
    return { ...base, message, extensions: { code: ErrorCode.BadUserInput, fields } };
  }
  if (original instanceof AuthenticationError) {
    return { ...base, message: 'You must be signed in to do this', extensions: { code: ErrorCode.Unauthenticated } };
  }
  if (original instanceof AuthorizationError) {
    return { ...base, extensions: { code: ErrorCode.Forbidden } };
  }
  // Apollo relabels validation errors GRAPHQL_VALIDATION_FAILED; a rule's own code (the limits') wins.
  const ownCode = original instanceof GraphQLError ? original.extensions?.code : undefined;
  const code = ownCode === ErrorCode.QueryTooComplex ? ownCode : formatted.extensions?.code;
  if (typeof code === 'string' && PASSED_THROUGH.has(code)) {
    const fields = original instanceof GraphQLError ? original.extensions?.fields : undefined; // e.g. control characters
    return { ...base, extensions: fields ? { code, fields } : { code } };
  }
  if (original instanceof GraphQLError && !original.originalError && !code) {
    // A graphql-js error about the request itself (e.g. a variable of the wrong type).
    return { ...base, extensions: { code: ErrorCode.BadUserInput } };
  }
  logger.error('unexpected error in operation', { path: formatted.path, error: original });
  return { ...base, message: 'Internal server error', extensions: { code: ErrorCode.Internal } };
}
