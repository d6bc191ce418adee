import { Injectable, signal } from '@angular/core';
import { ApiErrorCode } from '../../../core/graphql/api-error';
import { CallSummaryFragment } from '../../../core/graphql/generated';

/** A short message about calls, shown on every page by the call dock. */
export type CallNotice =
  /** The ringing call was answered by another tab of this user. */
  | { kind: 'answered-elsewhere'; call: CallSummaryFragment }
  /** Someone called while this user was in another call. */
  | { kind: 'tried-while-busy'; call: CallSummaryFragment }
  /** A call of this tab ended while its page was not open (declined, missed, cancelled...). */
  | { kind: 'ended'; call: CallSummaryFragment }
  /** Dialling failed (ALREADY_IN_CALL, NOT_FOUND, ...). */
  | { kind: 'error'; code: ApiErrorCode };

const SHOWN_MS: Record<CallNotice['kind'], number> = {
  'answered-elsewhere': 4000, 'tried-while-busy': 10_000, ended: 8000, error: 8000,
};

/** The current call notice (the latest replaces the one before), dismissed after a few seconds or by the user. */
@Injectable({ providedIn: 'root' })
export class CallNotices {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private key = 0;
  readonly current = signal<(CallNotice & { key: number }) | null>(null);

  show(notice: CallNotice): void {
    clearTimeout(this.timer);
    const key = ++this.key;
    this.current.set({ ...notice, key });
    this.timer = setTimeout(() => this.dismiss(key), SHOWN_MS[notice.kind]);
  }

  /** Dismisses the notice `key` (the current one when not given). */
  dismiss(key = this.current()?.key): void {
    if (key === undefined || this.current()?.key !== key) return;
    clearTimeout(this.timer);
    this.current.set(null);
  }

  clear(): void {
    this.dismiss();
  }
}
