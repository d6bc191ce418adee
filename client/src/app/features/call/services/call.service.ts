import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';
import { Subject, Subscription, filter, firstValueFrom, timer } from 'rxjs';
import { RealtimeService } from '../../../core/apollo/realtime.service';
import { AuthService } from '../../../core/auth/auth.service';
import {
  AcceptCallGQL, AnswerCallRecordingGQL, CallDetailGQL, CallEventType, CallEventsGQL, CallEventsSubscription,
  CallRecordingsFragment, CallSummaryFragment, CallUserGQL, CancelCallGQL, CurrentCallGQL, HangUpGQL, RejectCallGQL,
  RequestCallRecordingGQL,
} from '../../../core/graphql/generated';
import { CallPhase, callPath, isLive, isNewer, phaseOf } from '../call-state';
import { CallNotices } from './call-notices';

type CallEvent = CallEventsSubscription['callEvents'];

/** Where this tab remembers the call it handles, so a reload while it rings keeps its ringing screen. */
const HANDLED_KEY = 'onair.call.handled';

/**
 * The signed-in user's calls, as this tab sees them. Once signed in it listens to `callEvents`
 * (every tab of both parties gets every event) and loads `currentCall` (at start and after each
 * reconnection: events may have been missed while offline). `call` is the call this tab shows:
 * ringing, on, or the one that just ended.
 *
 * A call's media are handled by exactly one tab per party: the one that dialled it or answered it
 * (`handledHere`). Another tab of the callee sees its prompt go away with "Answered on another tab".
 */
@Injectable({ providedIn: 'root' })
export class CallService {
  private readonly auth = inject(AuthService);
  private readonly realtime = inject(RealtimeService);
  private readonly router = inject(Router);
  private readonly notices = inject(CallNotices);
  private readonly eventsGQL = inject(CallEventsGQL);
  private readonly currentGQL = inject(CurrentCallGQL);
  private readonly detailGQL = inject(CallDetailGQL);
  private readonly callUserGQL = inject(CallUserGQL);
  private readonly acceptGQL = inject(AcceptCallGQL);
  private readonly rejectGQL = inject(RejectCallGQL);
  private readonly cancelGQL = inject(CancelCallGQL);
  private readonly hangUpGQL = inject(HangUpGQL);
  private readonly requestRecordingGQL = inject(RequestCallRecordingGQL);
  private readonly answerRecordingGQL = inject(AnswerCallRecordingGQL);

  private events: Subscription | null = null;
  /** Counts events, so a `currentCall` answer older than an event is not applied over it. */
  private eventCount = 0;
  private readonly path = signal(this.router.url);
  private readonly handled = signal<string | null>(null);
  /** The id of every call that ends, as it is told (event or answer). */
  private readonly ended$ = new Subject<string>();
  /** Calls this tab is ending (decline, cancel, hang up): their end events are not announced. */
  private readonly endingHere = new Set<string>();

  /** The call this tab shows (ringing, on, or just ended); null when there is none. */
  readonly call = signal<CallSummaryFragment | null>(null);
  readonly phase = computed<CallPhase>(() => phaseOf(this.call()));
  /** A call rings or is on: no other call can be made. */
  readonly busy = computed(() => isLive(this.call()));
  /** The id of the call whose media this tab sends and receives (it dialled or answered it here). */
  readonly handledHere = this.handled.asReadonly();
  /** This tab shows the page of the current call. */
  readonly onCallPage = computed(() => {
    const call = this.call();
    return !!call && this.path().split(/[?#]/)[0] === callPath(call.id);
  });
  /** The recordings of the call this tab last hung up (the hang-up answers once they are filed). */
  readonly hungUpRecordings = signal<CallRecordingsFragment | null>(null);
  /** The last call whose recordings were filed (RECORDINGS_SAVED): its page loads them. */
  readonly recordingsSaved = signal<string | null>(null);
  /** Bumped whenever one of the user's calls ends (lists reload). */
  readonly endedCount = signal(0);

  private readonly handlers: Record<CallEventType, (event: CallEvent) => void> = {
    INCOMING: (e) => this.show(e.call),
    RINGING: (e) => this.show(e.call),
    ACCEPTED: (e) => this.onAccepted(e.call),
    BUSY: (e) => this.onBusy(e.call),
    OFFLINE: (e) => this.onEnded(e.call),
    REJECTED: (e) => this.onEnded(e.call),
    CANCELLED: (e) => this.onEnded(e.call),
    MISSED: (e) => this.onEnded(e.call),
    ENDED: (e) => this.onEnded(e.call),
    RECORDING_REQUESTED: (e) => this.show(e.call),
    RECORDING_STARTED: (e) => this.show(e.call),
    RECORDING_DECLINED: (e) => this.show(e.call),
    RECORDINGS_SAVED: (e) => this.recordingsSaved.set(e.call.id),
  };

  constructor() {
    this.router.events.pipe(filter((e) => e instanceof NavigationEnd))
      .subscribe((e) => this.path.set(e.urlAfterRedirects));
    effect(() => {
      const user = this.auth.user();
      untracked(() => {
        this.stop();
        if (user) this.start();
      });
    });
    // Once connected (and after every reconnection): listen again if the subscription ended, and
    // catch up on what happened before it was listening (a call that rang meanwhile).
    this.realtime.connected$.subscribe(() => {
      if (!this.auth.user()) return;
      if (!this.events || this.events.closed) this.listen();
      void this.reloadCurrent();
    });
  }

  /** Calls `nickname`; the call's page opens (ringing, or already ended: offline, busy). Throws the API's failure. */
  async dial(nickname: string): Promise<CallSummaryFragment> {
    const result = await firstValueFrom(this.callUserGQL.mutate({ variables: { nickname } }));
    const call = required(result.data?.callUser);
    if (call.state === 'RINGING') this.handle(call.id);
    this.call.set(call);
    if (call.state === 'ENDED') this.endedCount.update((n) => n + 1);
    await this.router.navigateByUrl(callPath(call.id));
    return call;
  }

  /** Answers the ringing call in this tab (its media will be here) and opens its page. */
  async accept(callId: string): Promise<void> {
    this.handle(callId); // before the mutation: its ACCEPTED event may arrive before its answer
    try {
      const result = await firstValueFrom(this.acceptGQL.mutate({ variables: { callId } }));
      this.show(required(result.data?.acceptCall));
    } catch (error) {
      if (this.handled() === callId) this.handle(null);
      throw error;
    }
    if (this.call()?.state === 'ACTIVE' && !this.onCallPage()) await this.router.navigateByUrl(callPath(callId));
  }

  async reject(callId: string): Promise<void> {
    await this.ending(callId, async () => required((await firstValueFrom(this.rejectGQL.mutate({ variables: { callId } }))).data?.rejectCall));
  }

  async cancel(callId: string): Promise<void> {
    await this.ending(callId, async () => required((await firstValueFrom(this.cancelGQL.mutate({ variables: { callId } }))).data?.cancelCall));
  }

  /** Ends the call for both; answers once its recordings (if any) are filed, with them. */
  async hangUp(callId: string): Promise<CallRecordingsFragment> {
    const call = await this.ending(callId, async () =>
      required((await firstValueFrom(this.hangUpGQL.mutate({ variables: { callId } }))).data?.hangUp));
    const recordings = { id: call.id, videos: call.videos };
    this.hungUpRecordings.set(recordings);
    return recordings;
  }

  /**
   * Hangs up before this tab's media for the call go (leaving its page): resolves once the call is
   * known to have ended (its event comes before the answer, which waits for the recordings), or
   * after `maxWaitMs`. Without it, the closing media sessions would end the call as "disconnected".
   */
  async hangUpBeforeLeaving(callId: string, maxWaitMs = 2000): Promise<void> {
    if (this.call()?.id !== callId || !isLive(this.call())) return; // on, or ringing (the caller cancels)
    await Promise.race([
      this.hangUp(callId).catch(() => undefined),
      firstValueFrom(this.ended$.pipe(filter((id) => id === callId))),
      firstValueFrom(timer(maxWaitMs)),
    ]);
  }

  async requestRecording(callId: string): Promise<void> {
    const result = await firstValueFrom(this.requestRecordingGQL.mutate({ variables: { callId } }));
    this.show(required(result.data?.requestCallRecording));
  }

  async answerRecording(callId: string, accept: boolean): Promise<void> {
    const result = await firstValueFrom(this.answerRecordingGQL.mutate({ variables: { callId, accept } }));
    this.show(required(result.data?.answerCallRecording));
  }

  /** A call of this user with its recordings (from the network); null when it is not theirs. */
  async load(callId: string): Promise<(CallSummaryFragment & CallRecordingsFragment) | null> {
    const result = await firstValueFrom(this.detailGQL.fetch({ variables: { id: callId }, fetchPolicy: 'network-only' }));
    const call = result.data?.call ?? null;
    if (call && this.call()?.id === call.id && isLive(this.call()) && !isLive(call)) this.onEnded(call);
    return call;
  }

  private start(): void {
    this.handled.set(isUuid(sessionStorage.getItem(HANDLED_KEY)) ? sessionStorage.getItem(HANDLED_KEY) : null);
    this.listen();
    void this.reloadCurrent();
  }

  private stop(): void {
    this.events?.unsubscribe();
    this.events = null;
    this.call.set(null);
    this.handled.set(null);
    this.notices.clear();
  }

  private listen(): void {
    this.events?.unsubscribe();
    this.events = this.eventsGQL.subscribe().subscribe({
      next: (result) => {
        const event = result.data?.callEvents;
        if (!event) return;
        this.eventCount++;
        this.handlers[event.type](event);
      },
      error: (error: unknown) => console.warn('OnAir call events stopped', error),
    });
  }

  /** Loads the call the user is in now; one this tab thought live but that is gone is loaded as ended. */
  private async reloadCurrent(): Promise<void> {
    const seen = this.eventCount;
    try {
      const result = await firstValueFrom(this.currentGQL.fetch({ fetchPolicy: 'network-only' }));
      if (seen !== this.eventCount) return; // an event came meanwhile: it is newer
      const current = result.data?.currentCall ?? null;
      const known = this.call();
      if (current) {
        // A reload while on ends the call (its media went with the page): only a ringing call is picked up again.
        if (this.handled() === current.id && current.state !== 'RINGING') this.handle(null);
        this.call.set(current);
      } else if (known && isLive(known)) {
        await this.load(known.id);
      }
    } catch (error) {
      console.warn('OnAir could not load the current call', error);
    }
  }

  /** True when `call` may replace the call this tab shows: it is newer news of it, or another call while none is live. */
  private accepts(call: CallSummaryFragment): boolean {
    const known = this.call();
    if (!known) return true;
    return known.id === call.id ? isNewer(call, known) : !isLive(known);
  }

  private show(call: CallSummaryFragment): void {
    if (this.accepts(call)) this.call.set(call);
  }

  private onAccepted(call: CallSummaryFragment): void {
    if (!this.accepts(call)) return;
    this.call.set(call);
    if (this.handled() === call.id) {
      if (!this.onCallPage()) void this.router.navigateByUrl(callPath(call.id));
    } else if (call.direction === 'INCOMING') {
      this.notices.show({ kind: 'answered-elsewhere', call });
    }
  }

  /** BUSY goes to both: the caller's call ended; the callee, in another call, learns who tried. */
  private onBusy(call: CallSummaryFragment): void {
    if (call.direction === 'OUTGOING') {
      this.onEnded(call);
      return;
    }
    this.notices.show({ kind: 'tried-while-busy', call });
    this.endedCount.update((n) => n + 1);
  }

  /**
   * The call ended (told once per call). A tab that is not on its page says why when the call was
   * its own (dialled or answered here) or rang in it, unless this tab ended it (`quiet`).
   */
  private onEnded(call: CallSummaryFragment, { quiet = false } = {}): void {
    const known = this.call();
    if (!this.accepts(call)) return;
    this.call.set(call);
    if (known?.id === call.id && known.state === 'ENDED') return; // already told
    this.ended$.next(call.id);
    const rangHere = known?.id === call.id && known.state === 'RINGING' && known.direction === 'INCOMING';
    const mine = this.handled() === call.id;
    if (mine) this.handle(null);
    this.endedCount.update((n) => n + 1);
    if (!quiet && !this.endingHere.has(call.id) && (mine || rangHere) && !this.onCallPage()) {
      this.notices.show({ kind: 'ended', call });
    }
  }

  /** Runs a mutation by which this tab ends a call (decline, cancel, hang up): its end is not announced here. */
  private async ending<T extends CallSummaryFragment>(callId: string, mutation: () => Promise<T>): Promise<T> {
    this.endingHere.add(callId);
    try {
      const call = await mutation();
      this.onEnded(call, { quiet: true });
      return call;
    } finally {
      this.endingHere.delete(callId);
    }
  }

  private handle(callId: string | null): void {
    this.handled.set(callId);
    if (callId) sessionStorage.setItem(HANDLED_KEY, callId);
    else sessionStorage.removeItem(HANDLED_KEY);
  }
}

function required<T>(value: T | null | undefined): T {
  if (value == null) throw new Error('The server sent an empty answer');
  return value;
}

function isUuid(value: string | null): value is string {
  return !!value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
