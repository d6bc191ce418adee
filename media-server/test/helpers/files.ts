import { execFileSync } from 'node:child_process';

export interface Probe { streams: { codec_name: string; codec_type: string }[]; format: { duration: string } }

export function ffprobe(path: string): Probe {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path],
    { encoding: 'utf8', timeout: 20_000 }));
}

/** The packets (frames) of a file's video (`v`) or audio (`a`) stream as ffprobe reads them: time (s), key frame. */
export function packetTimes(path: string, stream: 'v' | 'a'): { time: number; key: boolean }[] {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', stream, '-show_entries', 'packet=pts_time,flags',
    '-of', 'csv=p=0', path], { encoding: 'utf8', timeout: 20_000 });
  return out.trim().split('\n').filter(Boolean).map((line) => ({ time: Number(line.split(',')[0]), key: line.includes('K') }));
}

/** Times (s) of the video key frames in a file, as ffprobe reads them. */
export function keyframeTimes(path: string): number[] {
  return packetTimes(path, 'v').filter((p) => p.key).map((p) => p.time);
}

/**
 * Writes a test file from ffmpeg's lavfi sources: a 320x240 test pattern at 30 frames/s and a
 * 440 Hz tone, `seconds` long, encoded with the given codec arguments (e.g. `-c:v libvpx -g 60`).
 */
export function makeMedia(path: string, seconds: number, codecArgs: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(seconds), ...codecArgs, path], { timeout: 60_000 });
}
