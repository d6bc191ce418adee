import { EventEmitter } from 'node:events';
import { KurentoError } from '../rpc/errors';
import { TypeInfo } from './types';

export type Params = Record<string, unknown>;
export type MethodHandler = (params: Params) => unknown;

/** What every object hands to the rest of the server: the event fan-out and the registry hooks. */
export interface ObjectHost {
  /** Called once when the object is gone, after its children. */
  onReleased(object: MediaObject): void;
}

export interface EventPayload {
  source: string;
  type: string;
  tags: { key: string; value: string }[];
  timestamp: string;
  timestampMillis: string;
  [field: string]: unknown;
}

/**
 * Base of every remote object: id, name, tags, parent/children, method table, events.
 * Subclasses add methods with `define()`; a method not in the table answers 40105.
 */
export abstract class MediaObject {
  readonly creationTime = Math.floor(Date.now() / 1000);
  readonly children = new Set<MediaObject>();
  /** Internal event bus: 'event' (type, payload) for subscriptions. */
  readonly bus = new EventEmitter();
  released = false;
  private name: string;
  private sendTagsInEvents = false;
  private readonly tags = new Map<string, string>();
  private readonly methods = new Map<string, MethodHandler>();

  protected constructor(
    readonly id: string,
    readonly info: TypeInfo,
    protected readonly host: ObjectHost,
    readonly parent?: MediaObject,
  ) {
    this.name = id;
    this.bus.setMaxListeners(0);
    parent?.children.add(this);
    this.define({
      getName: () => this.name,
      setName: (p) => { this.name = str(p, 'name'); },
      getCreationTime: () => this.creationTime,
      getChildren: () => [...this.children].map((c) => c.id),
      getParent: () => this.parent?.id ?? null,
      getMediaPipeline: () => this.pipelineId(),
      getSendTagsInEvents: () => this.sendTagsInEvents,
      setSendTagsInEvents: (p) => { this.sendTagsInEvents = Boolean(p.sendTagsInEvents); },
      addTag: (p) => { this.tags.set(str(p, 'key'), str(p, 'value')); },
      removeTag: (p) => { this.tags.delete(str(p, 'key')); },
      getTag: (p) => {
        const key = str(p, 'key');
        const value = this.tags.get(key);
        if (value === undefined) throw new KurentoError('MEDIA_OBJECT_TAG_KEY_NOT_FOUND', `Tag key '${key}' not found`);
        return value;
      },
      getTags: () => [...this.tags].map(([key, value]) => ({ __module__: 'kurento', __type__: 'Tag', key, value })),
    });
  }

  get type(): string { return this.info.type; }

  /** Adds or replaces methods in this object's table. */
  protected define(methods: Record<string, MethodHandler>): void {
    for (const [name, handler] of Object.entries(methods)) this.methods.set(name, handler);
  }

  protected pipelineId(): string | null {
    let node: MediaObject | undefined = this;
    while (node && node.type !== 'MediaPipeline') node = node.parent;
    return node?.id ?? null;
  }

  async invoke(operation: string, params: Params): Promise<unknown> {
    if (this.released) throw new KurentoError('MEDIA_OBJECT_NOT_FOUND', `Object '${this.id}' not found`);
    const handler = this.methods.get(operation);
    if (!handler) {
      const count = Object.keys(params).length;
      throw new KurentoError('MEDIA_OBJECT_METHOD_NOT_FOUND',
        `Method '${operation}' with ${count} parameters not found in ${this.type}`);
    }
    return handler(params);
  }

  supportsEvent(type: string): boolean {
    return this.info.events.includes(type);
  }

  /** Raises a Kurento event with the common fields (source, tags, timestamps). */
  emitEvent(type: string, fields: Record<string, unknown> = {}): void {
    if (this.released) return;
    const now = Date.now();
    // `type` is the event name, except in Error events where it is the error identifier.
    const payload: EventPayload = {
      source: this.id,
      type,
      tags: this.sendTagsInEvents ? [...this.tags].map(([key, value]) => ({ key, value })) : [],
      timestamp: String(Math.floor(now / 1000)),
      timestampMillis: String(now),
      ...fields,
    };
    this.bus.emit('event', type, payload);

  }

  /** Releases children first, then this object's own resources. Idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    for (const child of [...this.children]) await child.release();
    try {
      await this.dispose();
    } finally {
      this.parent?.children.delete(this);
      this.host.onReleased(this);
      this.bus.removeAllListeners();
    }
  }

  /** Frees what the subclass holds (peer connections, files...). */
  protected async dispose(): Promise<void> { /* nothing by default */ }
}

/** Reads a required string parameter or answers MEDIA_OBJECT_ILLEGAL_PARAM_ERROR. */
export function str(params: Params, key: string): string {
  const value = params[key];
  if (typeof value !== 'string') {
    throw new KurentoError('MEDIA_OBJECT_ILLEGAL_PARAM_ERROR', `Parameter '${key}' must be a string`);
  }
  return value;
}

export function optionalStr(params: Params, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  return str(params, key);
}

export function num(params: Params, key: string): number {
  const value = params[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new KurentoError('MEDIA_OBJECT_ILLEGAL_PARAM_ERROR', `Parameter '${key}' must be a number`);
  }
  return value;
}
