import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Reader } from 'mmdb-lib';

/**
 * The offline IP-to-location database: an MMDB file shipped in an npm package (no network, ever).
 * Default: @ip-location-db/geo-whois-asn-country-mmdb (country level, CC0; data from the five RIRs'
 * WHOIS, CC BY 4.0 by the NRO, plus public geofeeds).
 */
export function defaultDatabasePath(): string {
  const pkg = require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/package.json');
  return join(dirname(pkg), 'geo-whois-asn-country.mmdb');
}

/** A record as found in the common MMDB layouts (ip-location-db's flat one, MaxMind's nested one). */
export interface LocationRecord {
  country_code?: string;
  state1?: string;
  state2?: string;
  city?: string | { names?: Record<string, string> };
  country?: { iso_code?: string; names?: Record<string, string> };
  subdivisions?: Array<{ names?: Record<string, string> }>;
}

export interface GeoDatabase {
  lookup(address: string): LocationRecord | null;
}

/** Opens an MMDB file (read whole into memory once: ~8 MB for the default one). */
export async function openDatabase(path: string): Promise<GeoDatabase> {
  // mmdb-lib types records as MaxMind's; the default database's flat records are read as they are.
  const reader = new Reader(await readFile(path));
  return { lookup: (address) => reader.get(address) as LocationRecord | null };
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** An English country name for an ISO 3166-1 alpha-2 code ("US" → "United States"). */
export function countryName(code: string): string | undefined {
  const upper = code.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper) || upper === 'ZZ') return undefined;
  try {
    const name = regionNames.of(upper);
    return name && name !== upper ? name : upper;
  } catch {
    return undefined;
  }
}

/** "City, Region, Country" from whatever parts the record has; undefined when it has no country. */
export function describeRecord(record: LocationRecord | null): string | undefined {
  if (!record) return undefined;
  const code = record.country?.iso_code ?? record.country_code;
  const country = record.country?.names?.en ?? (code ? countryName(code) : undefined);
  if (!country) return undefined;
  const city = typeof record.city === 'string' ? record.city : record.city?.names?.en;
  const region = record.subdivisions?.[0]?.names?.en ?? record.state1;
  const parts = [city, region, country].filter((p): p is string => !!p && p.trim() !== '');
  return [...new Set(parts)].join(', ');
}
