import { randomUUID } from 'node:crypto';
import { ServerConfig } from '../config';
import { KurentoError } from '../rpc/errors';
import { ElementHost } from './mediaElement';
import { MediaObject, Params } from './mediaObject';
import { MediaPipeline } from './mediaPipeline';
import { ServerManager } from './serverManager';
import { typeInfo } from './types';

/** Builds one element inside a pipeline from the client's constructor parameters. */
export type ElementFactory = (id: string, pipeline: MediaPipeline, params: Params, registry: ObjectRegistry) =>
  MediaObject | Promise<MediaObject>;

/** All live objects by id; creates them, finds them, and tells the ServerManager about them. */
export class ObjectRegistry implements ElementHost {
  readonly serverManager: ServerManager;
  private readonly objects = new Map<string, MediaObject>();

  constructor(
    readonly config: ServerConfig,
    private readonly factories: Record<string, ElementFactory>,
    sessionIds: () => string[],
  ) {
    this.serverManager = new ServerManager(this, { pipelineIds: () => this.pipelineIds(), sessionIds });
    this.objects.set(this.serverManager.id, this.serverManager);
  }

  lookup(id: string): MediaObject {
    const object = this.objects.get(id);
    if (!object || object.released) throw new KurentoError('MEDIA_OBJECT_NOT_FOUND', `Object '${id}' not found`);
    return object;
  }

  has(id: string): boolean {
    return this.objects.has(id);
  }

  async create(type: string, params: Params): Promise<MediaObject> {
    const info = typeInfo(type);
    if (!info || info.type === 'ServerManager') {
      throw new KurentoError('MEDIA_OBJECT_TYPE_NOT_FOUND', `Type '${type}' not found`);
    }
    let object: MediaObject;
    if (info.type === 'MediaPipeline') {
      object = new MediaPipeline(`${randomUUID()}_kurento.MediaPipeline`, this);
    } else {
      const factory = this.factories[info.type];
      if (!factory) throw new KurentoError('MEDIA_OBJECT_TYPE_NOT_FOUND', `Type '${type}' not found`);
      const pipelineId = params.mediaPipeline;
      if (typeof pipelineId !== 'string') {
        throw new KurentoError('MEDIA_OBJECT_ILLEGAL_PARAM_ERROR', "Constructor parameter 'mediaPipeline' is required");
      }
      const pipeline = this.lookup(pipelineId);
      if (!(pipeline instanceof MediaPipeline)) {
        throw new KurentoError('MEDIA_OBJECT_ILLEGAL_PARAM_ERROR', `'${pipelineId}' is not a MediaPipeline`);
      }
      object = await factory(`${pipeline.id}/${randomUUID()}_kurento.${info.type}`, pipeline, params, this);
    }
    this.objects.set(object.id, object);
    this.serverManager.emitEvent('ObjectCreated', { object: object.id });
    return object;
  }

  onReleased(object: MediaObject): void {
    if (!this.objects.delete(object.id)) return;
    this.serverManager.emitEvent('ObjectDestroyed', { objectId: object.id });
  }

  pipelineIds(): string[] {
    return [...this.objects.values()].filter((o) => o instanceof MediaPipeline && !o.released).map((o) => o.id);
  }

  /** Live objects, not counting the ServerManager. */
  count(): number {
    return this.objects.size - 1;
  }

  async releaseAll(): Promise<void> {
    for (const object of [...this.objects.values()]) {
      if (object !== this.serverManager) await object.release().catch(() => undefined);
    }
  }
}
