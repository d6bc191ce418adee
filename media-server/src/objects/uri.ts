import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServerConfig } from '../config';
import { KurentoError } from '../rpc/errors';

/** What an endpoint does with its file: a player reads it, a recorder writes it. */
export type FileAccess = 'read' | 'write';

/**
 * The local file a `file:` URI names, confined to the folders the server may use: a recorder writes
 * only inside `recordingsDir`, a player reads inside it or one of `playerDirs`. Relative URIs
 * (`file:name.webm`) are relative to the recordings folder. The path is resolved (`..` removed,
 * symbolic links followed for whatever part of it exists) and the result must lie inside a folder,
 * itself resolved the same way. Anything else is refused with one answer, whether or not the file
 * exists. Returns the resolved path, the one the endpoint then opens.
 */
export function confinedPathOf(uri: string, config: Pick<ServerConfig, 'recordingsDir' | 'playerDirs'>, access: FileAccess): string {
  const path = localPathOf(uri, config.recordingsDir);
  const refused = new KurentoError('MEDIA_OBJECT_ILLEGAL_PARAM_ERROR',
    `URI '${uri}' is outside the folders this media server may ${access === 'write' ? 'record to' : 'play from'}`);
  const folders = access === 'write' ? [config.recordingsDir] : [config.recordingsDir, ...config.playerDirs];
  let real: string;
  try {
    real = realPathOf(resolve(path));
  } catch {
    throw refused;
  }
  for (const folder of folders) {
    let root: string;
    try {
      root = realPathOf(resolve(folder));
    } catch {
      continue;
    }
    if (isInside(real, root)) return real;
  }
  throw refused;
}

/** The path a `file:` URI names, not yet checked against any folder. */
function localPathOf(uri: string, recordingsDir: string): string {
  if (!uri.startsWith('file:')) {
    throw new KurentoError('NOT_IMPLEMENTED', `Only file:// URIs are supported by the embedded media server (got '${uri}')`);
  }
  try {
    if (uri.startsWith('file://')) return fileURLToPath(uri);
    const path = decodeURIComponent(uri.slice('file:'.length));
    return isAbsolute(path) ? path : resolve(recordingsDir, path);
  } catch (error) {
    throw new KurentoError('MEDIA_OBJECT_ILLEGAL_PARAM_ERROR', `Invalid URI '${uri}': ${(error as Error).message}`);
  }
}

/**
 * `path` with every symbolic link resolved, for the part of it that exists: the nearest existing
 * ancestor is resolved and the missing rest appended. A dangling link is refused (writing through it
 * would create its target, wherever that is); so is a path the server cannot inspect.
 */
function realPathOf(path: string): string {
  if (path.includes('\0')) throw new Error('NUL in path');
  try {
    return realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
  let exists = true;
  try {
    lstatSync(path);
  } catch {
    exists = false;
  }
  if (exists) throw new Error(`${path} is a dangling link`);
  const parent = dirname(path);
  if (parent === path) throw new Error('no existing ancestor');
  return join(realPathOf(parent), basename(path));
}

/** True when `path` is strictly inside `folder` (both absolute and resolved). */
function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
