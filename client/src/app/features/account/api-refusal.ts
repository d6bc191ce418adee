import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

/** An input field the API refused, and its words for why (BAD_USER_INPUT or INVALID_CREDENTIALS on a field). */
export interface FieldRefusal {
  field: string;
  message: string;
}

interface WireError {
  message?: string;
  extensions?: { field?: unknown; fields?: { field?: unknown }[] };
}

/**
 * The field a failed operation names, whether the API answered 200 or 400: `extensions.field`, or
 * the first of `extensions.fields` (with the error's message).
 */
export function fieldRefusal(error: unknown): FieldRefusal | null {
  let errors: readonly WireError[] = [];
  if (CombinedGraphQLErrors.is(error)) errors = error.errors as readonly WireError[];
  else if (ServerError.is(error)) {
    try {
      errors = (JSON.parse(error.bodyText) as { errors?: WireError[] }).errors ?? [];
    } catch {
      errors = [];
    }
  }
  const first = errors[0];
  const field = first?.extensions?.field ?? first?.extensions?.fields?.[0]?.field;
  return typeof field === 'string' ? { field, message: first?.message ?? '' } : null;
}
