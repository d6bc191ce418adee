/**
 * Every English string the UI shows. A Simplified Chinese dictionary (`zh-CN.ts`) is added by
 * implementing the same `Messages` shape and registering it in `i18n.service.ts`.
 */
export const EN = {
  app: {
    name: 'OnAir',
    tagline: 'Live streaming, video on demand and calls',
  },
  auth: {
    nickname: 'Nickname',
    password: 'Password',
    avatarUrl: 'Avatar URL (optional)',
    nicknameRequired: 'Enter a nickname',
    nicknameLength: 'A nickname has 2 to 32 characters',
    passwordRequired: 'Enter a password',
    passwordLength: 'A password has at least 8 characters',
    avatarUrlInvalid: 'Enter an http(s) URL',
  },
  login: {
    title: 'Sign in',
    submit: 'Sign in',
    noAccount: 'No account yet?',
    toRegister: 'Create one',
  },
  register: {
    title: 'Create an account',
    submit: 'Create account',
    haveAccount: 'Already registered?',
    toLogin: 'Sign in',
  },
  home: {
    signedInAs: (nickname: string) => `Signed in as ${nickname}`,
    logout: 'Log out',
    onlineUsers: 'Online now',
    nobodyOnline: 'Nobody is online',
    you: 'you',
    realtime: {
      connecting: 'Connecting…',
      online: 'Live updates on',
      offline: 'Offline',
    },
  },
  /** Messages for the API's `extensions.code` values, plus the client's own failures. */
  errors: {
    UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
    FORBIDDEN: 'You are not allowed to do that.',
    BAD_USER_INPUT: 'Some of the information is not valid.',
    NICKNAME_TAKEN: 'That nickname is already taken.',
    INVALID_CREDENTIALS: 'Wrong nickname or password.',
    RATE_LIMITED: 'Too many attempts. Please wait a moment and try again.',
    INTERNAL_SERVER_ERROR: 'The server failed. Please try again.',
    NETWORK: 'Cannot reach the server. Check your connection.',
    UNKNOWN: 'Something went wrong. Please try again.',
  },
};

export type Messages = typeof EN;
