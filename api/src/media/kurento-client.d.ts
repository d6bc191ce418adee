// The small part of kurento-client (untyped JavaScript) the media gateway uses.
declare module 'kurento-client' {
  type Callback<T> = (error: { code?: number; message?: string } | null | undefined, result: T) => void;

  export interface ServerManager {
    getInfo(callback: Callback<{ version: string; modules: unknown[]; type: string }>): void;
  }

  export interface KurentoClient {
    getServerManager(callback: Callback<ServerManager>): void;
    close(): void;
    /** The reconnecting socket; it emits 'error' on every failed attempt (uncaught unless handled). */
    readonly _re?: { on(event: 'error' | 'connect' | 'disconnect', listener: (error: Error) => void): void; disconnect(): void };
    on(event: 'disconnect' | 'reconnected' | 'reconnect', listener: (...args: unknown[]) => void): void;
  }

  interface KurentoOptions {
    socket?: { objectMode?: boolean };
    failAfter?: number;
    request_timeout?: number;
    response_timeout?: number;
    enableTransactions?: boolean;
  }

  function kurento(url: string, options: KurentoOptions, callback: (this: KurentoClient, ...args: Parameters<Callback<KurentoClient>>) => void): void;
  export default kurento;
}
