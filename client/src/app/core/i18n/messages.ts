import type EnMessages from '../../../i18n/en.json';

/**
 * The messages that take arguments, with their argument names in call order: `t().calls.with(nickname)`
 * becomes Transloco's `translate('calls.with', { nickname })`. A unit test checks that every one of
 * these exists in every language with exactly these ICU arguments.
 */
export const MESSAGE_PARAMS = {
  'home.signedInAs': ['nickname'],
  'lives.by': ['nickname'],
  'lives.startedAt': ['time'],
  'lives.viewers': ['count'],
  'live.by': ['nickname'],
  'live.devices.unnamedCamera': ['n'],
  'live.devices.unnamedMicrophone': ['n'],
  'live.chat.tooLong': ['max'],
  'media.quality.kbps': ['n'],
  'media.quality.percent': ['n'],
  'media.quality.ms': ['n'],
  'videos.count': ['count'],
  'videos.by': ['nickname'],
  'videos.confirmDelete': ['title'],
  'apiKeys.createdOnce': ['name'],
  'apiKeys.createdAt': ['when'],
  'apiKeys.lastUsed': ['when'],
  'calls.callUser': ['nickname'],
  'calls.incoming': ['nickname'],
  'calls.acceptLabel': ['nickname'],
  'calls.declineLabel': ['nickname'],
  'calls.triedWhileBusy': ['nickname'],
  'calls.calling': ['nickname'],
  'calls.cancelLabel': ['nickname'],
  'calls.onElsewhere': ['nickname'],
  'calls.with': ['nickname'],
  'calls.waitingFor': ['nickname'],
  'calls.hangUpLabel': ['nickname'],
  'calls.recordingWaiting': ['nickname'],
  'calls.recordingAsk': ['nickname'],
  'calls.recordingDeclinedByThem': ['nickname'],
  'calls.ended.rejectedByThem': ['nickname'],
  'calls.ended.busy': ['nickname'],
  'calls.ended.busyYou': ['nickname'],
  'calls.ended.offline': ['nickname'],
  'calls.ended.missedByThem': ['nickname'],
  'calls.ended.missedByYou': ['nickname'],
  'calls.ended.cancelledByThem': ['nickname'],
  'calls.ended.hungUpByThem': ['nickname'],
  'calls.ended.disconnectedThem': ['nickname'],
  'calls.ended.mediaFailedThem': ['nickname'],
  'calls.lasted': ['duration'],
  'calls.history.detailsLabel': ['nickname', 'when'],
  'calls.history.callBackLabel': ['nickname'],
  'videos.size': ['value', 'unit'],
  'language.choose': ['current'],
} as const satisfies Record<string, readonly string[]>;

export type MessageWithParams = keyof typeof MESSAGE_PARAMS;

/** Counts and other numbers are numbers (ICU plural / number); the rest are text. */
type Arg<Name> = Name extends 'count' | 'n' | 'max' | 'value' ? number : string;
type Args<Names extends readonly string[]> = { -readonly [I in keyof Names]: Arg<Names[I]> };
type MessageFn<K extends MessageWithParams> = (...args: Args<(typeof MESSAGE_PARAMS)[K]>) => string;

type Build<T, Prefix extends string> = {
  readonly [K in keyof T & string]: T[K] extends string
    ? (`${Prefix}${K}` extends MessageWithParams ? MessageFn<`${Prefix}${K}`> : string)
    : Build<T[K], `${Prefix}${K}.`>;
};

/** The shape of the English file (`src/i18n/en.json`), with the messages that take arguments as functions. */
export type Messages = Build<typeof EnMessages, ''>;
