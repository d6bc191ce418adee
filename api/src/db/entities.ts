import { User } from '../users/user.entity';

/** Every persisted entity; the ORM and the migration generator read this list. */
export const entities = [User];
