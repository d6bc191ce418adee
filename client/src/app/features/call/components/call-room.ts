import {
  ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked, viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ApiErrorCode } from '../../../core/graphql/api-error';
import { CallSummaryFragment } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { ConnectionQualityPanel } from '../../../shared/media/connection-quality-panel';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { UserAvatar } from '../../../shared/user-avatar';
import { CaptureDevices } from '../../../shared/media/capture/capture-devices.service';
import { formatDuration } from '../../vod/video-format';
import { CallService } from '../services/call.service';
import { CallDevices } from './call-devices';
import { CallMediaPane } from './call-media-pane';
import { CallRecordingControls } from './call-recording-controls';
import { CallRinging } from './call-ringing';

/**
 * A call in the tab that handles its media, from the dial to its end. While it rings (caller):
 * this party's camera as the media server returns it, and Cancel. Once on: the other party big,
 * this party's loopback small (the same media session, still running), both connections'
 * quality, mute toggles, recording and Hang up. Both: the camera and microphone, chosen (and
 * switched while the call goes on) in CallDevices. Leaving it (the page closes, the user navigates
 * away) cancels or hangs up.
 */
@Component({
  selector: 'app-call-room',
  imports: [MatButtonModule, ConnectionQualityPanel, FormError, UserAvatar, CallDevices, CallMediaPane, CallRecordingControls, CallRinging],
  // The camera and microphone chosen for lives and calls (remembered), which the call publishes and may switch.
  providers: [CaptureDevices],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let c = call();
    @let m = t().calls;
    @if (ringing()) {
      <app-call-ringing [call]="c" />
    } @else {
    <header>
      <app-user-avatar [nickname]="c.otherParty.nickname" [url]="c.otherParty.avatarUrl" />
      <h1 data-testid="call-with">{{ m.with(c.otherParty.nickname) }}</h1>
      @if (c.recording === 'RECORDING') {
        <span class="rec" role="status" [attr.aria-label]="m.recordingLabel" data-testid="call-recording-indicator">
          <span class="rec-dot" aria-hidden="true"></span>{{ m.recordingIndicator }}</span>
      }
      <time class="elapsed" data-testid="call-elapsed" [attr.aria-label]="null">{{ elapsed() }}</time>
    </header>
    }
    <app-form-error [code]="error() ?? hangUpError()" />
    <div class="stage" [class.ringing]="ringing()">
      @if (!ringing()) {
        <app-call-media-pane #remote class="remote" mediaRole="view" [callId]="c.id" testId="call-remote-video"
                             [label]="c.otherParty.nickname" [waiting]="m.waitingFor(c.otherParty.nickname)"
                             (failed)="error.set($event)" />
      }
      <app-call-media-pane #self class="self" mediaRole="publish" [callId]="c.id" testId="call-self-video" [label]="m.you"
                           [micOn]="micOn()" [cameraOn]="cameraOn()" [waiting]="m.connecting"
                           [note]="cameraOn() ? (micOn() ? null : m.micIsOff) : m.cameraIsOff" (failed)="error.set($event)" />
    </div>
    @if (ringing()) {
      <app-call-devices class="devices" [link]="self.link" />
    } @else {
    <div class="controls" role="toolbar" [attr.aria-label]="m.controls">
      <button mat-stroked-button type="button" (click)="micOn.set(!micOn())" [class.off]="!micOn()"
              [attr.aria-label]="micOn() ? m.muteMic : m.unmuteMic" [attr.data-state]="micOn() ? 'on' : 'off'"
              data-testid="call-toggle-mic">{{ m.mic }}: {{ micOn() ? m.on : m.off }}</button>
      <button mat-stroked-button type="button" (click)="cameraOn.set(!cameraOn())" [class.off]="!cameraOn()"
              [attr.aria-label]="cameraOn() ? m.cameraOffLabel : m.cameraOnLabel" [attr.data-state]="cameraOn() ? 'on' : 'off'"
              data-testid="call-toggle-camera">{{ m.camera }}: {{ cameraOn() ? m.on : m.off }}</button>
      <button mat-flat-button type="button" class="hang-up" (click)="hangUp()" [disabled]="hangingUp()"
              [attr.aria-label]="m.hangUpLabel(c.otherParty.nickname)" data-testid="call-hang-up">{{ m.hangUp }}</button>
    </div>
    <app-call-devices [link]="self.link" />
    <app-call-recording-controls [call]="c" />
    <div class="quality">
      <app-connection-quality-panel [quality]="self.link.quality()" [label]="m.sending" testIdPrefix="call-send" />
      <app-connection-quality-panel [quality]="remote()?.link?.quality() ?? null" [label]="m.receiving" testIdPrefix="call-receive" />
    </div>
    <p class="hint">{{ m.leaveHangsUp }}</p>
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 12px; }
    header { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    h1 { flex: 1; min-width: 0; margin: 0; font: var(--mat-sys-headline-small); overflow-wrap: anywhere; }
    .rec { display: inline-flex; align-items: center; gap: 6px; padding: 2px 10px; border-radius: 12px;
      font: var(--mat-sys-label-large); background: var(--mat-sys-error); color: var(--mat-sys-on-error); }
    .rec-dot { width: 8px; height: 8px; border-radius: 50%; background: currentColor; animation: blink 1.2s infinite; }
    @keyframes blink { 50% { opacity: 0.2; } }
    @media (prefers-reduced-motion: reduce) { .rec-dot { animation: none; } }
    .elapsed { font: var(--mat-sys-title-medium); font-variant-numeric: tabular-nums; }
    /* As big as the window allows while the controls and the devices button below stay in view (the
       toolbar, the heading, the two rows of buttons and the gaps take about 330 px). */
    .stage { position: relative; align-self: center; width: min(100%, max(280px, calc((100dvh - 330px) * 4 / 3))); }
    .self { position: absolute; right: 12px; bottom: 12px; width: 28%; min-width: 96px; max-width: 220px;
      border: 2px solid var(--mat-sys-surface); border-radius: 14px; }
    /* While it rings: your own picture alone, under the ringing card. */
    .stage.ringing { width: min(100%, 360px); }
    .stage.ringing .self { position: static; width: 100%; max-width: none; }
    .devices { align-self: center; width: min(100%, 360px); }
    .quality { display: flex; flex-wrap: wrap; gap: 8px 32px; }
    .controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .controls .off { background: var(--mat-sys-secondary-container); }
    .hang-up { margin-left: auto; --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error); }
    .hint { margin: 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class CallRoom {
  readonly call = input.required<CallSummaryFragment>();
  protected readonly ringing = computed(() => this.call().state === 'RINGING');
  protected readonly remote = viewChild<CallMediaPane>('remote');
  private readonly calls = inject(CallService);
  protected readonly t = inject(I18n).t;
  protected readonly micOn = signal(true);
  protected readonly cameraOn = signal(true);
  protected readonly error = signal<ApiErrorCode | null>(null);
  private readonly submission = new Submission();
  protected readonly hangingUp = this.submission.busy;
  protected readonly hangUpError = this.submission.error;
  private readonly now = signal(Date.now());
  /** The call's duration when this room opened, and when that was here (clocks may differ from the server's). */
  private readonly base = { seconds: 0, at: Date.now() };
  protected readonly elapsed = computed(() => formatDuration(this.base.seconds + (this.now() - this.base.at) / 1000));

  constructor() {
    const ticker = setInterval(() => this.now.set(Date.now()), 1000);
    const destroyRef = inject(DestroyRef);
    destroyRef.onDestroy(() => {
      clearInterval(ticker);
      // Leaving the room while the call rings or is on cancels or hangs up (its media sessions close with it anyway).
      const call = this.calls.call();
      if (call?.id === this.call().id && (call.state === 'ACTIVE' || call.state === 'RINGING') && !this.hangingUp()) {
        this.calls.hangUp(call.id).catch(() => undefined);
      }
    });
    // The clock starts when the call is answered (this room may have opened while it rang).
    effect(() => {
      if (this.ringing()) return;
      untracked(() => {
        this.base.seconds = this.call().durationSeconds;
        this.base.at = Date.now();
        this.now.set(Date.now());
      });
    });
  }

  protected async hangUp(): Promise<void> {
    await this.submission.run(async () => {
      await this.calls.hangUp(this.call().id);
    });
  }
}
