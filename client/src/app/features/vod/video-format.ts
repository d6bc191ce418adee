/** A length in seconds as a player shows it: 4:07, 1:05:03 (whole seconds, rounded down). */
export function formatDuration(totalSeconds: number): string {
  const whole = Math.max(0, Math.floor(Number.isFinite(totalSeconds) ? totalSeconds : 0));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = whole % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

const SIZE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/**
 * A size in bytes with at most one decimal in the largest fitting unit (decimal units: 1 kB = 1000 B),
 * written by `format` (the active language's number format).
 */
export function formatBytes(bytes: number, format: (value: number, unit: string) => string): string {
  const units = SIZE_UNITS;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return format(unit === 0 ? value : Math.round(value * 10) / 10, units[unit]);
}
