#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startMediaServer } from './index';

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'recordings-dir': { type: 'string' },
    'player-dir': { type: 'string', multiple: true },
    secret: { type: 'string' },
    'announced-address': { type: 'string', multiple: true },
    'ice-server': { type: 'string', multiple: true },
    'session-gc-ms': { type: 'string' },
    'recording-keyframe-interval-ms': { type: 'string' },
    help: { type: 'boolean' },
  },
});

if (values.help) {
  console.log(`Usage: npm run media-server -- [options]
  --host ADDR              listen address (env MEDIA_SERVER_HOST, default 127.0.0.1)
  --port N                 listen port (env MEDIA_SERVER_PORT, default 8888)
  --recordings-dir DIR     recordings folder (env MEDIA_SERVER_RECORDINGS_DIR, default ./recordings): recorders
                           write only inside it, players read inside it or a --player-dir
  --player-dir DIR         another folder players may read from, repeatable (env MEDIA_SERVER_PLAYER_DIRS, comma list)
  --secret S               clients must connect to ws://HOST:PORT/kurento?access_token=S (env MEDIA_SERVER_SECRET,
                           preferred: a command line is visible to other local users); default none (no check)
  --announced-address IP   host candidate address, repeatable (env MEDIA_SERVER_ANNOUNCED_ADDRESSES, comma list)
  --ice-server URL         STUN/TURN URL, repeatable (env MEDIA_SERVER_ICE_SERVERS, comma list)
  --session-gc-ms N        release a disconnected session's objects after N ms (default 120000)
  --recording-keyframe-interval-ms N
                           recorders ask for a video key frame when none came for 75% of N ms
                           (env MEDIA_SERVER_RECORDING_KEYFRAME_INTERVAL_MS, default 2000, 0 = off)`);
  process.exit(0);
}

const env = process.env;
const list = (value: string | undefined) => value?.split(',').map((s) => s.trim()).filter(Boolean);
const optionalNumber = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : Number(value));

async function main(): Promise<void> {
  const server = await startMediaServer({
    host: values.host ?? env.MEDIA_SERVER_HOST,
    port: Number(values.port ?? env.MEDIA_SERVER_PORT ?? 8888),
    recordingsDir: values['recordings-dir'] ?? env.MEDIA_SERVER_RECORDINGS_DIR,
    playerDirs: values['player-dir'] ?? list(env.MEDIA_SERVER_PLAYER_DIRS),
    secret: (values.secret ?? env.MEDIA_SERVER_SECRET) || undefined,
    announcedAddresses: values['announced-address'] ?? list(env.MEDIA_SERVER_ANNOUNCED_ADDRESSES),
    iceServers: (values['ice-server'] ?? list(env.MEDIA_SERVER_ICE_SERVERS))?.map((urls) => ({ urls })),
    sessionGcMs: values['session-gc-ms'] ? Number(values['session-gc-ms']) : undefined,
    recordingKeyframeIntervalMs: optionalNumber(values['recording-keyframe-interval-ms'] ?? env.MEDIA_SERVER_RECORDING_KEYFRAME_INTERVAL_MS),
  });
  // The secret itself is never printed: whoever started the server knows it.
  console.log(server.url === server.publicUrl
    ? `media server listening on ${server.url} (no secret: any client that reaches the port may use it)`
    : `media server listening on ${server.publicUrl} (clients add ?access_token=<secret>)`);
  const stop = () => {
    console.log('media server stopping');
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
