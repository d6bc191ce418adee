import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KurentoError } from '../rpc/errors';

/** A `file://` URI to a local path; relative paths (file:name.webm) land in the recordings folder. */
export function filePathOf(uri: string, recordingsDir: string): string {
  if (!uri.startsWith('file:')) {
    throw new KurentoError('NOT_IMPLEMENTED', `Only file:// URIs are supported by the embedded media server (got '${uri}')`);
  }
  if (uri.startsWith('file://')) {
    try {
      return fileURLToPath(uri);
    } catch (error) {
      throw new KurentoError('MEDIA_OBJECT_ILLEGAL_PARAM_ERROR', `Invalid URI '${uri}': ${(error as Error).message}`);
    }
  }
  const path = decodeURIComponent(uri.slice('file:'.length));
  return isAbsolute(path) ? path : resolve(recordingsDir, path);
}
