import { badField, hasHiddenCharacters, showsSomething } from '../shared/text';
import { skeleton } from './confusables';
import { canonicalNickname, nicknameKey } from './user.entity';

/** The most characters a nickname has, as stored (after NFKC, which can lengthen it). */
export const NICKNAME_MAX = 32;

/**
 * A nickname as typed, checked and made canonical (NFKC, trimmed): BAD_USER_INPUT when it hides
 * anything (format, default-ignorable or filler characters, bidi controls), shows nothing, or
 * grows past NFKC into more than NICKNAME_MAX characters.
 */
export function checkNickname(typed: string): string {
  const nickname = canonicalNickname(typed);
  if (hasHiddenCharacters(typed) || hasHiddenCharacters(nickname) || !showsSomething(nickname)) {
    throw badField('nickname', 'may not contain invisible or direction-changing characters',
      'A nickname may not contain invisible or direction-changing characters');
  }
  if ([...nickname].length > NICKNAME_MAX) {
    throw badField('nickname', `has more than ${NICKNAME_MAX} characters once normalized`,
      `A nickname has at most ${NICKNAME_MAX} characters once normalized`);
  }
  return nickname;
}

const fold = (text: string) => text.toLocaleLowerCase('en-US'); // the fold nicknameKey uses

/**
 * The keys under which nobody else may hold a nickname that looks like this one (UTS #39 skeletons,
 * case-folded like `nicknameKey`). One key alone cannot say both of these, because a capital I looks
 * like a small l but is the capital of i:
 * - `skeleton`: the nickname as written ("paypaI" is "paypal", "BiII" is "bill");
 * - `foldedSkeleton`: the nickname whatever its case, as `nicknameKey` ("VІСTIM" in part Cyrillic is
 *   "victim"); two nicknames with the same `nicknameKey` always share it.
 */
export function lookalikeKeys(nickname: string): { skeleton: string; foldedSkeleton: string } {
  const canonical = canonicalNickname(nickname);
  return { skeleton: fold(skeleton(canonical)), foldedSkeleton: fold(skeleton(nicknameKey(canonical))) };
}
