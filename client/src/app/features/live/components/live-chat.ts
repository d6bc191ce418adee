import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';
import { SendChatMessageGQL } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { LiveRoomService } from '../services/live-room.service';

export const CHAT_MAX_LENGTH = 500;

/** The room's chat: history + new messages from the room, and a box to say something. */
@Component({
  selector: 'app-live-chat',
  imports: [DatePipe, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3>{{ t().live.chat.title }}</h3>
    <ol data-testid="chat-messages">
      @for (m of room.chat(); track m.id) {
        <li data-testid="chat-message" [attr.data-author]="m.author.nickname">
          <span class="author">{{ m.author.nickname }}</span>
          <span class="text" data-testid="chat-message-text">{{ m.text }}</span>
          <time [attr.datetime]="m.sentAt">{{ m.sentAt | date: 'shortTime' }}</time>
        </li>
      } @empty {
        <li class="empty">{{ t().live.chat.empty }}</li>
      }
    </ol>
    @if (!disabled()) {
      <form [formGroup]="form" (ngSubmit)="send()">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <input matInput [formControl]="text" [maxlength]="max" [placeholder]="t().live.chat.placeholder"
                 autocomplete="off" data-testid="chat-input" />
          <mat-hint align="end">{{ text.value.length }} / {{ max }}</mat-hint>
          @if (text.hasError('maxlength')) {
            <mat-error>{{ t().live.chat.tooLong(max) }}</mat-error>
          }
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="sending() || !text.value.trim()" data-testid="chat-send">
          {{ t().live.chat.send }}
        </button>
      </form>
      <app-form-error [code]="error()" />
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 8px; }
    h3 { margin: 0; font: var(--mat-sys-title-medium); }
    ol { list-style: none; margin: 0; padding: 0; max-height: 280px; overflow: auto; }
    li { display: flex; gap: 8px; align-items: baseline; padding: 2px 0; }
    .author { font-weight: 600; }
    .text { flex: 1; overflow-wrap: anywhere; }
    time, .empty { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    form { display: flex; gap: 8px; align-items: flex-start; }
    mat-form-field { flex: 1; }
    button { margin-top: 8px; }
  `,
})
export class LiveChat {
  readonly liveId = input.required<string>();
  /** True once the live has ended: history stays, the box goes. */
  readonly disabled = input(false);
  protected readonly room = inject(LiveRoomService);
  private readonly sendGQL = inject(SendChatMessageGQL);
  protected readonly t = inject(I18n).t;
  protected readonly max = CHAT_MAX_LENGTH;
  protected readonly text = new FormControl('', {
    nonNullable: true, validators: [Validators.maxLength(CHAT_MAX_LENGTH)],
  });
  protected readonly form = new FormGroup({ text: this.text });
  private readonly submission = new Submission();
  protected readonly sending = this.submission.busy;
  protected readonly error = this.submission.error;

  protected async send(): Promise<void> {
    const text = this.text.value.trim();
    if (!text || this.text.invalid || this.sending()) return;
    await this.submission.run(async () => {
      const result = await firstValueFrom(this.sendGQL.mutate({ variables: { liveId: this.liveId(), text } }));
      const message = result.data?.sendChatMessage;
      if (message) this.room.addOwnMessage(message);
      this.text.reset();
    });
  }
}
