import { ApiKey } from '../apikeys/api-key.entity';
import { Call } from '../call/call.entity';
import { ChatMessage, Live } from '../live/live.entity';
import { User } from '../users/user.entity';
import { Video } from '../vod/video.entity';

/** Every persisted entity; the ORM and the migration generator read this list. */
export const entities = [User, Live, ChatMessage, Video, ApiKey, Call];
