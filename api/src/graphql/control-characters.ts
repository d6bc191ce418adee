import { DocumentNode, GraphQLError, Kind, visit } from 'graphql';
import { ErrorCode } from '../shared/errors';

/**
 * Control characters no text of the API may carry (C0 but tab, line feed and carriage return, which
 * SDP and multi-line text need; DEL; C1). A NUL, for one, cuts an SQLite statement short.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** BAD_USER_INPUT with the field details validation errors carry (`fields: [{ field, problems }]`). */
const refusal = (where: string, field: string) => new GraphQLError(`${where} contains a control character`, {
  extensions: { code: ErrorCode.BadUserInput, fields: [{ field, problems: ['contains a control character'] }], http: { status: 400 } },
});

function findInValue(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return CONTROL.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findInValue(item, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (CONTROL.test(key)) return `${path}.${key.replace(CONTROL, '?')}`;
      const found = findInValue(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** BAD_USER_INPUT when a variable or a string written in the operation carries a control character. */
export function controlCharacterErrors(document: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError[] {
  const inVariables = findInValue(variables ?? {}, '$variables');
  if (inVariables) return [refusal(inVariables.replace(/^\$variables\./, '$'), inVariables.replace(/^\$variables\./, ''))];
  let literal = false;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (CONTROL.test(node.value)) literal = true;
    },
  });
  return literal ? [refusal('A string in the operation', '(operation text)')] : [];
}
