import { badInput } from '../shared/errors';

/** Largest poster image accepted (bytes, decoded). */
export const POSTER_MAX_BYTES = 512 * 1024;

const TYPES = {
  jpeg: { ext: 'jpg', magic: (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  png: { ext: 'png', magic: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  webp: { ext: 'webp', magic: (b: Buffer) => b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP' },
} as const;

export interface PosterImage {
  ext: string;
  bytes: Buffer;
}

/**
 * A poster as the app sends it: a `data:image/(jpeg|png|webp);base64,…` URL whose bytes really are
 * that kind of image (checked by their signature) and at most POSTER_MAX_BYTES. BAD_USER_INPUT otherwise.
 */
export function checkPosterImage(dataUrl: string): PosterImage {
  const invalid = (why: string) => badInput(`The poster ${why}`, { field: 'image' });
  if (dataUrl.length > Math.ceil(POSTER_MAX_BYTES / 3) * 4 + 40) throw invalid(`is larger than ${POSTER_MAX_BYTES / 1024} KB`);
  const match = /^data:image\/(jpeg|png|webp);base64,([A-Za-z0-9+/]+={0,2})$/.exec(dataUrl);
  if (!match) throw invalid('must be a data: URL of a JPEG, PNG or WebP image, base64-encoded');
  const type = TYPES[match[1] as keyof typeof TYPES];
  const bytes = Buffer.from(match[2], 'base64');
  if (bytes.length > POSTER_MAX_BYTES) throw invalid(`is larger than ${POSTER_MAX_BYTES / 1024} KB`);
  if (!type.magic(bytes)) throw invalid(`is not a ${match[1].toUpperCase()} image`);
  return { ext: type.ext, bytes };
}
