import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy, Component, ElementRef, afterRenderEffect, computed, inject, input, signal, viewChild,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../../core/auth/auth.service';
import { ApiErrorCode, apiErrorCode } from '../../../core/graphql/api-error';
import { SendChatMessageGQL } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { LiveRoomService } from '../services/live-room.service';

export const CHAT_MAX_LENGTH = 500;

/** A message on its way to the api, shown greyed until the api has it. */
interface PendingMessage {
  key: number;
  text: string;
  /** The messages in the room when it was sent: a new one of this user's with its text is its echo. */
  known: ReadonlySet<string>;
}

/**
 * The room's chat: history + new messages from the room, and a box to say something. The box is
 * cleared as soon as a message is sent, so the next one can be typed while it goes; messages go
 * out one after the other, in order. A failed send puts its text (and that of any message queued
 * after it) back in the box, before whatever was typed meanwhile, and says why.
 */
@Component({
  selector: 'app-live-chat',
  imports: [DatePipe, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let c = t().live.chat;
    <h3>{{ c.title }}</h3>
    <ol #list data-testid="chat-messages" (scroll)="onScroll()" tabindex="0" [attr.aria-label]="c.title">
      @for (m of room.chat(); track m.id) {
        <li data-testid="chat-message" [attr.data-author]="m.author.nickname">
          <span class="author">{{ m.author.nickname }}</span>
          <span class="text" data-testid="chat-message-text">{{ m.text }}</span>
          <time [attr.datetime]="m.sentAt">{{ m.sentAt | date: 'shortTime' : undefined : lang() }}</time>
        </li>
      } @empty {
        @if (!shownPending().length) {
          <li class="empty">{{ c.empty }}</li>
        }
      }
      @for (m of shownPending(); track m.key) {
        <li class="pending" data-testid="chat-pending">
          <span class="text">{{ m.text }}</span>
          <span class="sending">{{ c.sending }}</span>
        </li>
      }
    </ol>
    @if (!disabled()) {
      <form [formGroup]="form" (ngSubmit)="send()">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <input matInput [formControl]="text" [maxlength]="max" [placeholder]="c.placeholder" [attr.aria-label]="c.placeholder"
                 autocomplete="off" data-testid="chat-input" />
          <mat-hint align="end">{{ text.value.length }} / {{ max }}</mat-hint>
          @if (text.hasError('maxlength')) {
            <mat-error>{{ c.tooLong(max) }}</mat-error>
          }
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="!text.value.trim() || text.invalid" data-testid="chat-send">
          {{ c.send }}
        </button>
      </form>
      <app-form-error [code]="error()" [messages]="c.errors" />
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 8px; min-height: 0; box-sizing: border-box; padding: 12px 16px;
      border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; }
    h3 { margin: 0; font: var(--mat-sys-title-medium); }
    ol { list-style: none; margin: 0; padding: 0; flex: 1 1 auto; min-height: 48px;
      max-height: var(--chat-list-max-height, 280px); overflow: auto; }
    li { display: flex; gap: 8px; align-items: baseline; padding: 2px 0; }
    .author { font-weight: 600; overflow-wrap: anywhere; max-width: 40%; }
    .text { flex: 1; min-width: 0; overflow-wrap: anywhere; }
    time, .empty, .sending { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .pending .text { color: var(--mat-sys-on-surface-variant); }
    form { display: flex; gap: 8px; align-items: flex-start; }
    mat-form-field { flex: 1; min-width: 0; }
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
  protected readonly lang = inject(I18n).lang;
  protected readonly max = CHAT_MAX_LENGTH;
  protected readonly text = new FormControl('', {
    nonNullable: true, validators: [Validators.maxLength(CHAT_MAX_LENGTH)],
  });
  protected readonly form = new FormGroup({ text: this.text });
  private readonly auth = inject(AuthService);
  protected readonly pending = signal<readonly PendingMessage[]>([]);
  /** The pending messages whose echo (the room's event, which often comes before the api's answer) is not in the list yet. */
  protected readonly shownPending = computed(() => {
    const me = this.auth.user()?.id;
    const echoes = this.room.chat().filter((m) => m.author.id === me);
    const used = new Set<string>();
    return this.pending().filter((p) => {
      const echo = echoes.find((m) => m.text === p.text && !p.known.has(m.id) && !used.has(m.id));
      if (echo) used.add(echo.id);
      return !echo;
    });
  });
  protected readonly error = signal<ApiErrorCode | null>(null);
  private readonly list = viewChild.required<ElementRef<HTMLOListElement>>('list');
  private pendingKey = 0;
  private sending = false;
  /** The list was scrolled to its end before the last change: keep it there. */
  private following = true;

  constructor() {
    // New messages: stay at the end of the list, unless the user scrolled up to read.
    afterRenderEffect({
      write: () => {
        this.room.chat();
        this.shownPending();
        const list = this.list().nativeElement;
        if (this.following) list.scrollTop = list.scrollHeight;
      },
    });
  }

  protected onScroll(): void {
    const list = this.list().nativeElement;
    this.following = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
  }

  protected send(): void {
    const text = this.text.value.trim();
    if (!text || this.text.invalid) return;
    this.text.setValue('');
    this.error.set(null);
    this.following = true;
    const known = new Set(this.room.chat().map((m) => m.id));
    this.pending.update((pending) => [...pending, { key: ++this.pendingKey, text, known }]);
    if (!this.sending) void this.sendPending();
  }

  /** Sends what is queued, oldest first; stops at the first failure and gives the texts back. */
  private async sendPending(): Promise<void> {
    this.sending = true;
    try {
      for (let next = this.pending()[0]; next; next = this.pending()[0]) {
        try {
          const result = await firstValueFrom(this.sendGQL.mutate({ variables: { liveId: this.liveId(), text: next.text } }));
          const message = result.data?.sendChatMessage;
          if (message) this.room.addOwnMessage(message);
          this.pending.update((pending) => pending.filter((m) => m.key !== next.key));
        } catch (error) {
          this.giveBack(apiErrorCode(error));
          return;
        }
      }
    } finally {
      this.sending = false;
    }
  }

  /** Puts the unsent texts back in the box, before what was typed since. */
  private giveBack(code: ApiErrorCode): void {
    const unsent = this.pending().map((m) => m.text);
    this.pending.set([]);
    const typed = this.text.value.trim();
    this.text.setValue([...unsent, typed].filter(Boolean).join(' '));
    this.text.markAsTouched();
    this.error.set(code);
  }
}
