import { MethodHandler, MediaObject } from './mediaObject';

/**
 * The WebRtcEndpoint / BaseRtpEndpoint / SdpEndpoint properties. Bandwidth and network
 * settings are stored and reported back; they do not shape media (no encoder to tune).
 */
export function defineWebRtcProperties(
  _object: MediaObject,
  define: (methods: Record<string, MethodHandler>) => void,
  state: () => { media: string; connection: string; ice: string },
): void {
  const values: Record<string, unknown> = {
    maxAudioRecvBandwidth: 0, maxVideoRecvBandwidth: 0, minVideoRecvBandwidth: 0,
    minVideoSendBandwidth: 100, maxVideoSendBandwidth: 500, mtu: 1200,
    stunServerAddress: '', stunServerPort: 0, turnUrl: '', networkInterfaces: '', iceTcp: false,
    externalIPv4: '', externalIPv6: '',
  };
  const methods: Record<string, MethodHandler> = {
    getMediaState: () => state().media,
    getConnectionState: () => state().connection,
    getIceConnectionState: () => [{ __module__: 'kurento', __type__: 'IceConnection', streamId: '0', componentId: 1,
      state: state().ice.toUpperCase() }],
  };
  for (const name of Object.keys(values)) {
    const cap = name[0].toUpperCase() + name.slice(1);
    methods[`get${cap}`] = () => values[name];
    methods[`set${cap}`] = (p) => { values[name] = p[name]; };
  }
  define(methods);
}
