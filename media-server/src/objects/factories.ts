import { ElementFactory } from './registry';
import { PassThrough } from './passThrough';
import { WebRtcEndpoint } from './webRtcEndpoint';
import { RecorderEndpoint } from './recorderEndpoint';
import { PlayerEndpoint } from './playerEndpoint';

/** Element types this server can create inside a pipeline; anything else answers 40100. */
export const ELEMENT_FACTORIES: Record<string, ElementFactory> = {
  PassThrough: (id, pipeline, _params, registry) => new PassThrough(id, registry, pipeline),
  WebRtcEndpoint: (id, pipeline, params, registry) => {
    WebRtcEndpoint.validate(params);
    return new WebRtcEndpoint(id, registry, pipeline, registry.config, params);
  },
  RecorderEndpoint: (id, pipeline, params, registry) => {
    RecorderEndpoint.validate(params, registry.config);
    return new RecorderEndpoint(id, registry, pipeline, registry.config, params);
  },
  PlayerEndpoint: (id, pipeline, params, registry) => {
    PlayerEndpoint.validate(params, registry.config);
    return new PlayerEndpoint(id, registry, pipeline, registry.config, params);
  },
};
