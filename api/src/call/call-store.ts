import type Redis from 'ioredis';
import type { PublicProfile } from '../users/users.service';
import type { CallOutcome, CallRecordingState, CallState } from './call.types';

/** A call that rings or is on, as every api node sees it (plain JSON: it may live in Redis). */
export interface CallRecord {
  id: string;
  caller: PublicProfile;
  callee: PublicProfile;
  state: CallState;
  outcome: CallOutcome | null;
  /** ISO timestamps. */
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  endedById: string | null;
  recording: CallRecordingState;
  recordingRequestedById: string | null;
  /** The api node holding its media room. */
  nodeId: string;
}

export type CallPatch = Partial<Omit<CallRecord, 'id' | 'caller' | 'callee'>>;

/**
 * Calls that ring or are on, and which call each user is in. Every change is a compare-and-set
 * on the call's state, so two nodes (or a ring timeout racing an answer) never both win.
 */
export interface CallStore {
  /** Stores a new ringing call unless a party is already in one: which party is busy, or null when stored. */
  create(call: CallRecord, ttlMs: number): Promise<'caller' | 'callee' | null>;
  get(id: string): Promise<CallRecord | undefined>;
  /** The call this user is in (ringing or on). */
  ofUser(userId: string): Promise<CallRecord | undefined>;
  /** Applies the patch when the call is in one of the `from` states; the new record, or undefined when it was not. */
  transition(id: string, from: CallState[], patch: CallPatch, ttlMs: number): Promise<CallRecord | undefined>;
  /** Forgets an ended call and frees its parties. */
  remove(id: string): Promise<void>;
}

interface Held { record: CallRecord; expires: number }

export class MemoryCallStore implements CallStore {
  private readonly calls = new Map<string, Held>();
  private readonly byUser = new Map<string, string>();

  async create(call: CallRecord, ttlMs: number): Promise<'caller' | 'callee' | null> {
    if (await this.ofUser(call.caller.id)) return 'caller';
    if (await this.ofUser(call.callee.id)) return 'callee';
    this.calls.set(call.id, { record: { ...call }, expires: Date.now() + ttlMs });
    this.byUser.set(call.caller.id, call.id);
    this.byUser.set(call.callee.id, call.id);
    return null;
  }

  async get(id: string): Promise<CallRecord | undefined> {
    const held = this.calls.get(id);
    if (held && held.expires <= Date.now()) {
      await this.remove(id);
      return undefined;
    }
    return held && { ...held.record };
  }

  async ofUser(userId: string): Promise<CallRecord | undefined> {
    const id = this.byUser.get(userId);
    return id ? this.get(id) : undefined;
  }

  async transition(id: string, from: CallState[], patch: CallPatch, ttlMs: number): Promise<CallRecord | undefined> {
    const current = await this.get(id);
    if (!current || !from.includes(current.state)) return undefined;
    const record = { ...current, ...patch };
    this.calls.set(id, { record, expires: Date.now() + ttlMs });
    return { ...record };
  }

  async remove(id: string): Promise<void> {
    const held = this.calls.get(id);
    this.calls.delete(id);
    if (!held) return;
    for (const userId of [held.record.caller.id, held.record.callee.id]) {
      if (this.byUser.get(userId) === id) this.byUser.delete(userId);
    }
  }
}

/** KEYS: call, caller's slot, callee's slot; ARGV: record JSON, ttl ms, call id. */
const CREATE = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 'caller' end
if redis.call('EXISTS', KEYS[3]) == 1 then return 'callee' end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[2])
return false`;

/** KEYS: call; ARGV: allowed states (JSON array), patch (JSON), ttl ms. Slots live as long as the call. */
const TRANSITION = `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local record = cjson.decode(raw)
local allowed = false
for _, state in ipairs(cjson.decode(ARGV[1])) do if record.state == state then allowed = true end end
if not allowed then return false end
for key, value in pairs(cjson.decode(ARGV[2])) do record[key] = value end
local encoded = cjson.encode(record)
redis.call('SET', KEYS[1], encoded, 'PX', ARGV[3])
for _, slot in ipairs({KEYS[2] .. record.caller.id, KEYS[2] .. record.callee.id}) do
  if redis.call('GET', slot) == record.id then redis.call('PEXPIRE', slot, ARGV[3]) end
end
return encoded`;

/** KEYS: call, slot prefix; ARGV: call id. Frees the slots only if they still hold this call. */
const REMOVE = `
local raw = redis.call('GET', KEYS[1])
redis.call('DEL', KEYS[1])
if not raw then return 0 end
local record = cjson.decode(raw)
for _, slot in ipairs({KEYS[2] .. record.caller.id, KEYS[2] .. record.callee.id}) do
  if redis.call('GET', slot) == ARGV[1] then redis.call('DEL', slot) end
end
return 1`;

/** Calls shared by every api node: one key per call (JSON), one slot per user in a call. */
export class RedisCallStore implements CallStore {
  constructor(private readonly redis: Redis, private readonly prefix = 'onair:call') {}

  private callKey(id: string) { return `${this.prefix}:${id}`; }
  private slotPrefix() { return `${this.prefix}-of:`; }

  async create(call: CallRecord, ttlMs: number): Promise<'caller' | 'callee' | null> {
    const busy = await this.redis.eval(CREATE, 3, this.callKey(call.id), this.slotPrefix() + call.caller.id,
      this.slotPrefix() + call.callee.id, JSON.stringify(call), String(ttlMs), call.id);
    return busy === 'caller' || busy === 'callee' ? busy : null;
  }

  async get(id: string): Promise<CallRecord | undefined> {
    return parse(await this.redis.get(this.callKey(id)));
  }

  async ofUser(userId: string): Promise<CallRecord | undefined> {
    const id = await this.redis.get(this.slotPrefix() + userId);
    return id ? this.get(id) : undefined;
  }

  async transition(id: string, from: CallState[], patch: CallPatch, ttlMs: number): Promise<CallRecord | undefined> {
    // cjson drops keys whose value is nil: nulls travel as JSON null (cjson.null) and come back as null.
    return parse(await this.redis.eval(TRANSITION, 2, this.callKey(id), this.slotPrefix(),
      JSON.stringify(from), JSON.stringify(patch), String(ttlMs)) as string | null);
  }

  async remove(id: string): Promise<void> {
    await this.redis.eval(REMOVE, 2, this.callKey(id), this.slotPrefix(), id);
  }
}

function parse(raw: string | null): CallRecord | undefined {
  return raw ? (JSON.parse(raw) as CallRecord) : undefined;
}
