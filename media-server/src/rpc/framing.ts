/**
 * The JSON-RPC requests in one WebSocket frame. A frame is normally one JSON object; kurento-client
 * on a byte-stream socket (no `socket: { objectMode: true }`) glues the requests it writes in one
 * tick into one frame, `{…}{…}`. Returns the objects in order, or undefined when the frame is not
 * one or more JSON objects separated only by JSON whitespace (the whole frame is then a parse error
 * and none of its requests runs).
 */
export function parseFrame(text: string): Record<string, unknown>[] | undefined {
  try {
    const single: unknown = JSON.parse(text);
    return isObject(single) ? [single] : undefined;
  } catch {
    // Not one JSON value: perhaps several objects back to back.
  }
  const pieces = splitObjects(text);
  if (!pieces || pieces.length < 2) return undefined;
  const requests: Record<string, unknown>[] = [];
  for (const piece of pieces) {
    let value: unknown;
    try {
      value = JSON.parse(piece);
    } catch {
      return undefined;
    }
    if (!isObject(value)) return undefined;
    requests.push(value);
  }
  return requests;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * Cuts `text` at the end of each top-level `{…}` (brackets counted outside strings). Only the
 * boundaries are found here; JSON.parse checks each piece. Undefined when anything but whitespace
 * lies between or around the objects, or the last one is not closed.
 */
function splitObjects(text: string): string[] | undefined {
  const pieces: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (WHITESPACE.has(c)) { i++; continue; }
    if (c !== '{') return undefined;
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const d = text[i];
      if (inString) {
        if (d === '\\') i++;
        else if (d === '"') inString = false;
      } else if (d === '"') {
        inString = true;
      } else if (d === '{' || d === '[') {
        depth++;
      } else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (depth !== 0 || i >= text.length) return undefined;
    pieces.push(text.slice(start, i + 1));
    i++;
  }
  return pieces;
}
