/**
 * Opaque keyset cursors: the values a page ended on (order key, tie-breaker id, …) as base64url
 * JSON. Each list checks the parts it gets back itself.
 */
export const packCursor = (parts: unknown[]): string => Buffer.from(JSON.stringify(parts)).toString('base64url');

/** The parts of a cursor, or undefined when it is not one (not base64url JSON of an array). */
export function unpackCursor(cursor: string): unknown[] | undefined {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parts) ? parts : undefined;
  } catch {
    return undefined;
  }
}
