import {
  ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { ApiErrorCode, apiErrorCode } from '../../../core/graphql/api-error';
import { CallRecordingsFragment, CallSummaryFragment } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { phaseOf } from '../call-state';
import { CallEnded } from '../components/call-ended';
import { CallRinging } from '../components/call-ringing';
import { CallRoom } from '../components/call-room';
import { IncomingCallPrompt } from '../components/incoming-call-prompt';
import { CallService } from '../services/call.service';

/** A recorded call's recordings are loaded when RECORDINGS_SAVED comes, or after this long (an event missed while reconnecting). */
const RECORDINGS_FALLBACK_MS = 30_000;

/**
 * /call/:id — one call: ringing (Cancel, or the answer prompt), on (the call room, in the tab that
 * handles its media), or ended (why, how long, its recordings).
 */
@Component({
  selector: 'app-call-page',
  imports: [MatButtonModule, MatProgressBarModule, RouterLink, FormError, CallEnded, CallRinging, CallRoom, IncomingCallPrompt],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t().calls;
    @if (view(); as c) {
      <!-- One room per call: a new call id rebuilds it (and its media sessions). -->
      @for (id of ids(); track id) {
        @if (mediaHere()) {
          <!-- One room from the dial to the end in the tab that dialled or answered: the caller's camera
               goes in while it rings, and its media session must outlive the answer. -->
          <app-call-room [call]="c" />
        } @else {
          @switch (phase()) {
            @case ('ringing-out') { <app-call-ringing [call]="c" /> }
            @case ('ringing-in') {
              <h1 class="visually-hidden">{{ m.with(c.otherParty.nickname) }}</h1>
              <div class="card"><app-incoming-call-prompt [call]="c" /></div>
            }
            @case ('on') {
              <h1 class="visually-hidden">{{ m.with(c.otherParty.nickname) }}</h1>
              <p class="card" role="status" data-testid="call-elsewhere">{{ m.onElsewhere(c.otherParty.nickname) }}</p>
            }
            @case ('ended') {
              <app-call-ended [call]="c" [recordings]="recordings()" [savingRecordings]="saving()" />
            }
          }
        }
      }
    } @else if (missing()) {
      <div class="card" role="status" data-testid="call-not-found">
        <h1>{{ m.notFound }}</h1>
        <a mat-stroked-button routerLink="/calls">{{ m.toHistory }}</a>
      </div>
    } @else if (error(); as code) {
      <app-form-error [code]="code" />
    } @else {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="m.connecting" />
    }
  `,
  styles: `
    .card { display: flex; flex-direction: column; align-items: flex-start; gap: 12px; margin: 0; padding: 16px;
      border-radius: 16px; background: var(--mat-sys-surface-container); }
    .card p, .card h1 { margin: 0; }
    .card h1 { font: var(--mat-sys-title-medium); }
  `,
})
export class CallPage {
  /** The route's :id. */
  readonly id = input.required<string>();
  protected readonly calls = inject(CallService);
  protected readonly t = inject(I18n).t;
  private readonly loaded = signal<(CallSummaryFragment & CallRecordingsFragment) | null>(null);
  protected readonly missing = signal(false);
  protected readonly error = signal<ApiErrorCode | null>(null);
  protected readonly saving = signal(false);
  private destroyed = false;
  private fallback?: ReturnType<typeof setTimeout>;

  /** The call as this tab knows it best: the current call's live state, else what was loaded. */
  protected readonly view = computed(() => {
    const current = this.calls.call();
    if (current?.id === this.id()) return current;
    const loaded = this.loaded();
    return loaded?.id === this.id() ? loaded : null;
  });
  protected readonly phase = computed(() => phaseOf(this.view()));
  /** This tab sends and receives the call's media: it dialled it (ringing or on) or answered it (on). */
  protected readonly mediaHere = computed(() =>
    (this.phase() === 'ringing-out' || this.phase() === 'on') && this.calls.handledHere() === this.view()?.id);
  protected readonly ids = computed(() => [this.id()]);
  protected readonly recordings = computed<CallRecordingsFragment | null>(() => {
    const id = this.id();
    const hungUp = this.calls.hungUpRecordings();
    if (hungUp?.id === id && hungUp.videos.length) return hungUp;
    const loaded = this.loaded();
    return loaded?.id === id ? { id, videos: loaded.videos } : null;
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => { this.destroyed = true; });
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
    // A recorded call that just ended: its recordings are being filed, and are loaded once they are.
    effect(() => {
      const call = this.view();
      const waiting = call?.state === 'ENDED' && call.recording === 'RECORDING' && !this.recordings()?.videos.length;
      untracked(() => {
        if (!waiting || !call) return;
        this.saving.set(true);
        if (this.calls.recordingsSaved() !== call.id) this.fallback ??= setTimeout(() => void this.loadRecordings(call.id), RECORDINGS_FALLBACK_MS);
      });
    });
    effect(() => {
      const saved = this.calls.recordingsSaved();
      untracked(() => { if (saved && saved === this.id()) void this.loadRecordings(saved); });
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.fallback));
  }

  private async load(id: string): Promise<void> {
    this.missing.set(false);
    this.error.set(null);
    try {
      const call = await this.calls.load(id);
      if (this.destroyed || id !== this.id()) return;
      this.loaded.set(call);
      this.missing.set(!call);
    } catch (error) {
      if (!this.destroyed && id === this.id()) this.error.set(apiErrorCode(error));
    }
  }

  private async loadRecordings(id: string): Promise<void> {
    clearTimeout(this.fallback);
    try {
      const call = await this.calls.load(id).catch(() => null);
      if (!this.destroyed && id === this.id() && call) this.loaded.set(call);
    } finally {
      if (id === this.id()) this.saving.set(false);
    }
  }
}
