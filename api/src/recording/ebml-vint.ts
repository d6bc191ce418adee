/**
 * EBML variable-length integers (element IDs and sizes) and element encoding.
 * https://www.rfc-editor.org/rfc/rfc8794 (EBML), section 4.
 */

/** Length in bytes of a vint from its first byte (1..8), or 0 when the byte cannot start one. */
export function vintLength(first: number): number {
  for (let length = 1; length <= 8; length++) if (first & (0x80 >> (length - 1))) return length;
  return 0;
}

/** An element ID read at `offset` (marker bits kept), or undefined if it is not a valid 1-4 byte ID. */
export function decodeId(buf: Buffer, offset: number, available: number): { id: number; length: number } | 'short' | undefined {
  if (available < 1) return 'short';
  const length = vintLength(buf[offset]);
  if (length === 0 || length > 4) return undefined;
  if (available < length) return 'short';
  let id = 0;
  for (let i = 0; i < length; i++) id = id * 256 + buf[offset + i];
  return { id, length };
}

/** An element data size read at `offset`: undefined value means "unknown size" (all value bits set). */
export function decodeSize(buf: Buffer, offset: number, available: number): { size: number | undefined; length: number } | 'short' | 'invalid' {
  if (available < 1) return 'short';
  const length = vintLength(buf[offset]);
  if (length === 0) return 'invalid';
  if (available < length) return 'short';
  let value = buf[offset] & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + buf[offset + i];
    allOnes &&= buf[offset + i] === 0xff;
  }
  return { size: allOnes ? undefined : value, length };
}

/** How many bytes a data size needs as a vint (the all-ones value is reserved for "unknown"). */
export function sizeLength(size: number): number {
  for (let length = 1; length <= 8; length++) if (size < 2 ** (7 * length) - 1) return length;
  throw new RangeError(`EBML size too large: ${size}`);
}

/** A data size as a vint of the given (default: shortest) length. */
export function encodeSize(size: number, length = sizeLength(size)): Buffer {
  if (length < sizeLength(size)) throw new RangeError(`size ${size} does not fit in ${length} bytes`);
  const out = Buffer.alloc(length);
  let value = size;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = value % 256;
    value = Math.floor(value / 256);
  }
  out[0] |= 0x80 >> (length - 1);
  return out;
}

/** An element ID (marker bits included) as bytes. */
export function encodeId(id: number): Buffer {
  const length = id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1;
  const out = Buffer.alloc(length);
  out.writeUIntBE(id, 0, length);
  return out;
}

/** An unsigned integer payload: shortest (at least one byte), or exactly `length` bytes. */
export function encodeUint(value: number, length?: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not an unsigned integer: ${value}`);
  let bytes = length ?? 1;
  if (length === undefined) while (bytes < 8 && value >= 2 ** (8 * bytes)) bytes++;
  const out = Buffer.alloc(bytes);
  let rest = value;
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  if (rest !== 0) throw new RangeError(`${value} does not fit in ${bytes} bytes`);
  return out;
}

/** An unsigned integer from a big-endian payload (0..8 bytes). */
export function decodeUint(payload: Buffer): number {
  let value = 0;
  for (const byte of payload) value = value * 256 + byte;
  return value;
}

/** A float payload (4 or 8 bytes; empty means 0). */
export function decodeFloat(payload: Buffer): number {
  if (payload.length === 4) return payload.readFloatBE(0);
  if (payload.length === 8) return payload.readDoubleBE(0);
  return 0;
}

/** A whole element: ID, shortest size, payload. */
export function element(id: number, ...payload: Buffer[]): Buffer {
  const data = Buffer.concat(payload);
  return Buffer.concat([encodeId(id), encodeSize(data.length), data]);
}

export const uintElement = (id: number, value: number, length?: number): Buffer => element(id, encodeUint(value, length));

export function float64Element(id: number, value: number): Buffer {
  const payload = Buffer.alloc(8);
  payload.writeDoubleBE(value);
  return element(id, payload);
}

/** Walks the children of an in-memory master element payload (known sizes only). */
export function* children(payload: Buffer): Generator<{ id: number; data: Buffer; raw: Buffer }> {
  let offset = 0;
  while (offset < payload.length) {
    const id = decodeId(payload, offset, payload.length - offset);
    if (typeof id !== 'object') throw new Error(`bad element ID at ${offset}`);
    const size = decodeSize(payload, offset + id.length, payload.length - offset - id.length);
    if (typeof size !== 'object' || size.size === undefined) throw new Error(`bad element size at ${offset}`);
    const start = offset + id.length + size.length;
    const end = start + size.size;
    if (end > payload.length) throw new Error(`element at ${offset} overruns its parent`);
    yield { id: id.id, data: payload.subarray(start, end), raw: payload.subarray(offset, end) };
    offset = end;
  }
}
