import { cpus } from 'node:os';
import { KurentoError } from '../rpc/errors';
import { MediaObject, ObjectHost } from './mediaObject';
import { TYPES } from './types';

export const SERVER_MANAGER_ID = 'manager_ServerManager';
export const SERVER_VERSION = '7.2.0';

export interface ServerManagerSource {
  pipelineIds(): string[];
  sessionIds(): string[];
}

/** The singleton that describes the server and announces object creation/destruction. */
export class ServerManager extends MediaObject {
  constructor(host: ObjectHost, source: ServerManagerSource) {
    super(SERVER_MANAGER_ID, TYPES.ServerManager, host);
    const generationTime = new Date().toISOString();
    const modules = [
      { name: 'core', factories: ['MediaPipeline', 'PassThrough'] },
      { name: 'elements', factories: ['WebRtcEndpoint', 'RecorderEndpoint', 'PlayerEndpoint'] },
      { name: 'filters', factories: [] as string[] },
    ].map((m) => ({ __module__: 'kurento', __type__: 'ModuleInfo', version: SERVER_VERSION, generationTime, ...m }));
    this.define({
      getInfo: () => ({ __module__: 'kurento', __type__: 'ServerInfo', version: SERVER_VERSION, modules,
        type: 'KMS', capabilities: ['transactions'] }),
      getPipelines: () => source.pipelineIds(),
      getSessions: () => source.sessionIds(),
      getMetadata: () => JSON.stringify({ implementation: 'onair-embedded', engine: 'werift' }),
      getKmd: (p) => {
        throw new KurentoError('NOT_IMPLEMENTED', `KMD of module '${String(p.moduleName)}' is not available`);
      },
      getCpuCount: () => cpus().length,
      getUsedCpu: () => cpuPercent(),
      getUsedMemory: () => Math.round(process.memoryUsage().rss / 1024),
    });
  }
}

let lastCpu = process.cpuUsage();
let lastAt = Date.now();
function cpuPercent(): number {
  const now = Date.now();
  const used = process.cpuUsage(lastCpu);
  const elapsedUs = Math.max(1, (now - lastAt) * 1000);
  lastCpu = process.cpuUsage();
  lastAt = now;
  return Math.round(((used.user + used.system) / elapsedUs) * 100);
}
