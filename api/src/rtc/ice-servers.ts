import { createHmac } from 'node:crypto';
import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A STUN or TURN server for RTCPeerConnection; TURN credentials are short-lived.' })
export class IceServer {
  @Field(() => [String])
  urls!: string[];

  @Field(() => String, { nullable: true })
  username?: string;

  @Field(() => String, { nullable: true })
  credential?: string;
}

export interface IceConfig {
  stunUrls: string[];
  turnUrls: string[];
  /** The coturn `static-auth-secret` (REST API scheme); TURN is offered only when set. */
  turnSecret?: string;
  turnTtlSeconds: number;
}

/**
 * ICE servers for one user. TURN credentials follow the coturn REST-API scheme: the username is
 * "<expiry epoch seconds>:<user id>", the password base64(HMAC-SHA1(secret, username)).
 */
export function iceServersFor(config: IceConfig, userId: string, now = Date.now()): IceServer[] {
  const servers: IceServer[] = [];
  if (config.stunUrls.length) servers.push({ urls: config.stunUrls });
  if (config.turnUrls.length && config.turnSecret) {
    const username = `${Math.floor(now / 1000) + config.turnTtlSeconds}:${userId}`;
    const credential = createHmac('sha1', config.turnSecret).update(username).digest('base64');
    servers.push({ urls: config.turnUrls, username, credential });
  }
  return servers;
}
