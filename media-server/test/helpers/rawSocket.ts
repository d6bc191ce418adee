import { WebSocket } from 'ws';
import { withTimeout } from './kurento';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type RpcMessage = { jsonrpc: string; id?: number | string | null; result?: any; error?: { code: number; message: string; data?: any } };

/** A bare WebSocket to the media server: frames go out exactly as given, answers are collected. */
export class RawSocket {
  readonly messages: RpcMessage[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.messages.push(JSON.parse(data.toString())));
  }

  static open(url: string): Promise<RawSocket> {
    const ws = new WebSocket(url);
    return withTimeout(new Promise<RawSocket>((resolve, reject) => {
      ws.once('open', () => resolve(new RawSocket(ws)));
      ws.once('error', reject);
    }), 5_000, `open ${url}`);
  }

  /**
   * The HTTP status the server refuses the WebSocket upgrade with, or 101 when it accepts it.
   */
  static async statusOf(url: string): Promise<number> {
    const ws = new WebSocket(url);
    return withTimeout(new Promise<number>((resolve) => {
      ws.once('upgrade', () => { ws.close(); resolve(101); });
      ws.once('unexpected-response', (_req, res) => { res.resume(); resolve(res.statusCode ?? 0); ws.terminate(); });
      ws.once('error', () => undefined);
    }), 5_000, `upgrade ${url}`);
  }

  /** Sends one WebSocket frame holding exactly `text`. */
  send(text: string): void {
    this.ws.send(text);
  }

  /** Waits until `count` messages have arrived in all; returns them. */
  async waitFor(count: number, timeoutMs = 5_000): Promise<RpcMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > deadline) throw new Error(`${this.messages.length}/${count} answers after ${timeoutMs} ms: ${JSON.stringify(this.messages)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.messages.slice(0, count);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** One JSON-RPC request as text. */
export const request = (id: number, method: string, params: Record<string, unknown> = {}) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, params });
