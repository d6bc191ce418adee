import { classifyAddress } from './address';
import { GeoDatabase, defaultDatabasePath, describeRecord, openDatabase } from './database';

export const LOCAL_NETWORK = 'local network';
export const UNKNOWN_LOCATION = 'unknown';

export type Locate = (ip: string) => Promise<string>;

/**
 * A locator on an offline MMDB database, opened lazily on the first public address and kept.
 * Never throws and never goes to the network: a database that cannot be opened gives "unknown"
 * (and is tried again on a later call).
 */
export function createLocator(databasePath: () => string = defaultDatabasePath): Locate {
  let database: Promise<GeoDatabase> | undefined;
  const open = () => {
    database ??= Promise.resolve()
      .then(() => openDatabase(databasePath()))
      .catch((error: unknown) => {
        database = undefined;
        throw error;
      });
    return database;
  };
  return async (ip) => {
    const found = classifyAddress(ip);
    if (found.kind === 'local') return LOCAL_NETWORK;
    if (found.kind !== 'public') return UNKNOWN_LOCATION;
    try {
      return describeRecord((await open()).lookup(found.address)) ?? UNKNOWN_LOCATION;
    } catch {
      return UNKNOWN_LOCATION;
    }
  };
}

let shared: Locate | undefined;

/**
 * A human location text for a presenter's IP address, fully offline:
 * "local network" for loopback/private/CGNAT/link-local/ULA (IPv4-mapped ones too), a country
 * ("United States"; "City, Region, Country" when the database has them) for public addresses,
 * "unknown" when it cannot be told (not an address, reserved ranges, not in the database).
 */
export function locateAddress(ip: string): Promise<string> {
  shared ??= createLocator();
  return shared(ip);
}
