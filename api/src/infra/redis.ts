import Redis from 'ioredis';

/** Opens an ioredis client and waits until it is ready (or fails within timeoutMs). */
export async function connectRedis(url: string, name: string, timeoutMs = 10_000): Promise<Redis> {
  const client = new Redis(url, {
    connectionName: `onair-${name}`,
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    enableOfflineQueue: true,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis at ${url} did not answer in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    client.disconnect();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return client;
}
