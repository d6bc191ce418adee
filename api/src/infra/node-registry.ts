import type Redis from 'ioredis';

/** Which api nodes are running: crash recovery ends only the lives of nodes that are gone. */
export interface NodeRegistry {
  /** Announces this node until stop(). */
  start(): Promise<void>;
  isAlive(nodeId: string | null | undefined): Promise<boolean>;
  stop(): Promise<void>;
}

/** One api node alone (embedded mode): every other node is gone. */
export class MemoryNodeRegistry implements NodeRegistry {
  constructor(private readonly self: string) {}
  async start(): Promise<void> {}
  async isAlive(nodeId: string | null | undefined): Promise<boolean> {
    return nodeId === this.self;
  }
  async stop(): Promise<void> {}
}

/** Nodes sharing Redis: each refreshes a key with a short expiry; a node that stops refreshing is gone. */
export class RedisNodeRegistry implements NodeRegistry {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly self: string,
    private readonly ttlMs = 15_000,
    private readonly prefix = 'onair:node:',
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch(() => undefined), this.ttlMs / 3);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    await this.redis.set(this.prefix + this.self, String(Date.now()), 'PX', this.ttlMs);
  }

  async isAlive(nodeId: string | null | undefined): Promise<boolean> {
    if (!nodeId) return false;
    return nodeId === this.self || (await this.redis.exists(this.prefix + nodeId)) === 1;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.del(this.prefix + this.self).catch(() => undefined);
  }
}
