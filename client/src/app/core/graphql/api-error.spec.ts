import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import { apiErrorCode, refusedFields } from './api-error';

const graphqlErrors = (...errors: { message: string; extensions?: Record<string, unknown> }[]) =>
  new CombinedGraphQLErrors({ data: null, errors });

const httpError = (status: number, body: unknown) => new ServerError(`Response not successful: ${status}`, {
  response: new Response(null, { status }),
  bodyText: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('apiErrorCode: the stable code of a failed operation', () => {
  it('reads extensions.code of the first GraphQL error, UNKNOWN for a code it does not know', () => {
    expect(apiErrorCode(graphqlErrors({ message: 'taken', extensions: { code: 'NICKNAME_TAKEN' } }))).toBe('NICKNAME_TAKEN');
    expect(apiErrorCode(graphqlErrors({ message: 'odd', extensions: { code: 'SOMETHING_NEW' } }))).toBe('UNKNOWN');
  });

  it('reads the code from the body of a non-2xx answer, else from its status', () => {
    expect(apiErrorCode(httpError(400, { errors: [{ message: 'no', extensions: { code: 'BAD_USER_INPUT' } }] }))).toBe('BAD_USER_INPUT');
    expect(apiErrorCode(httpError(429, 'Too Many Requests'))).toBe('RATE_LIMITED');
    expect(apiErrorCode(httpError(401, ''))).toBe('UNAUTHENTICATED');
    expect(apiErrorCode(httpError(502, '<html>bad gateway</html>'))).toBe('INTERNAL_SERVER_ERROR');
  });

  it('calls a failed fetch NETWORK', () => {
    expect(apiErrorCode(new TypeError('Failed to fetch'))).toBe('NETWORK');
    expect(apiErrorCode(new Error('boom'))).toBe('UNKNOWN');
  });
});

describe('refusedFields: the input fields a refusal names', () => {
  it('takes extensions.field and every extensions.fields[].field, once each', () => {
    const error = graphqlErrors({
      message: 'A nickname may not contain invisible characters',
      extensions: { code: 'BAD_USER_INPUT', field: 'nickname', fields: [{ field: 'nickname', problems: ['…'] }, { field: 'avatarUrl' }] },
    });
    expect(refusedFields(error)).toEqual(['nickname', 'avatarUrl']);
  });

  it('reads them from a 400 answer too (a control character refused before any resolver)', () => {
    const error = httpError(400, { errors: [{ message: 'no', extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'title' }] } }] });
    expect(refusedFields(error)).toEqual(['title']);
  });

  it('is empty for errors that name no field, or are not GraphQL at all', () => {
    expect(refusedFields(graphqlErrors({ message: 'no', extensions: { code: 'FORBIDDEN' } }))).toEqual([]);
    expect(refusedFields(httpError(500, 'not json'))).toEqual([]);
    expect(refusedFields(new Error('boom'))).toEqual([]);
    expect(refusedFields(graphqlErrors({ message: 'odd', extensions: { fields: 'nickname' } }))).toEqual([]);
  });
});
