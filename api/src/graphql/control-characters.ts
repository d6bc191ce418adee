import { DocumentNode, GraphQLError, Kind, visit } from 'graphql';
import { ErrorCode } from '../shared/errors';
import { CONTROL_CHARACTERS, hasControlCharacters } from '../shared/text';


/** BAD_USER_INPUT with the field details validation errors carry (`fields: [{ field, problems }]`). */
const refusal = (where: string, field: string) => new GraphQLError(`${where} contains a control character`, {
  extensions: { code: ErrorCode.BadUserInput, fields: [{ field, problems: ['contains a control character'] }], http: { status: 400 } },
});

function findInValue(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return hasControlCharacters(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findInValue(item, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (hasControlCharacters(key)) return `${path}.${key.replace(CONTROL_CHARACTERS, '?')}`;
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
      if (hasControlCharacters(node.value)) literal = true;
    },
  });
  return literal ? [refusal('A string in the operation', '(operation text)')] : [];
}
