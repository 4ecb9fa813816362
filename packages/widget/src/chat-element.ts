import {
  type HistoryMessage,
  type Question,
  type TurnHandlers,
  WidgetClient,
  type WidgetConfig,
  type WidgetError,
} from './api';
import { acceptOf, Attachments, filesOf, type SentFile } from './attachments';
import { pickLanguage, translate } from './i18n';
import { en, type WordKey } from './lang-en';
import { renderMarkdown } from './markdown';
import { canSpeak, listen, speak, speechRecognition } from './speech';
import { STYLES } from './styles';

const ICONS = {
  chat: '<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/>',
  close: '<path d="M6 6l12 12M18 6L6 18"/>',
  send: '<path d="M5 12h14M13 6l6 6-6 6"/>',
  mic: '<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v3"/>',
  speaker: '<path d="M4 9v6h4l5 4V5L8 9H4zM17 9a4 4 0 0 1 0 6"/>',
  reset: '<path d="M4 12a8 8 0 1 0 3-6.2M4 4v5h5"/>',
  clip: '<path d="M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7"/>',
};

const HEX = /^#[0-9a-f]{6}$/i;

type Attributes = Record<string, string | undefined>;

/** Creates an element with attributes (undefined ones are left out) and children. */
function h(tag: string, attributes: Attributes = {}, ...children: (Node | string)[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes))
    if (value !== undefined) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** A button holding one of the widget's icons (static SVG markup, no user data); named in `localize`. */
function iconButton(icon: keyof typeof ICONS, attributes: Attributes = {}): HTMLButtonElement {
  const button = h('button', { type: 'button', ...attributes }) as HTMLButtonElement;
  button.innerHTML = `<svg viewBox="0 0 24 24" aria-hidden="true">${ICONS[icon]}</svg>`;
  return button;
}

/** Where the script that defined the widget was loaded from: the Agentry server's origin. */
let scriptOrigin = '';

/** Sets the Agentry origin new elements talk to (from the script's own `src`). */
export function setScriptOrigin(origin: string): void {
  scriptOrigin = origin;
}

/** Gives an element its accessible name and tooltip. */
function name(element: HTMLElement, text: string): void {
  element.setAttribute('aria-label', text);
  element.title = text;
}

/**
 * `<agentry-chat agent="PUBLIC_ID">`: a launcher button and a chat panel in a shadow root. Attributes:
 * `agent` (public id), `base` (Agentry origin; default: where widget.js came from), `open` (start open),
 * `lang` (its language; default: the page's, else the agent's default language);
 * the Embed tab's preview also sets `data-config` (settings as JSON) and `data-endpoint` (its chat route).
 */
export class AgentryChatElement extends HTMLElement {
  static observedAttributes = ['data-config', 'lang'];

  private readonly shadow = this.attachShadow({ mode: 'open' });
  private client!: WidgetClient;
  private config?: WidgetConfig;
  private conversationId?: string;
  private busy = false;
  private pending: string[] = [];
  private stopListening?: () => void;
  private speaking = false;
  private built = false;
  private files!: Attachments;
  /** The widget language the visitor gets (a key of LANGUAGES), and the page's own tag (for speech). */
  private language = 'en';
  private tag = '';
  /** Follows the page's `<html lang>` (sites that switch language without a reload). */
  private pageLanguage?: MutationObserver;
  private readonly ui = {
    launcher: iconButton('chat', {
      class: 'launcher',
      'aria-expanded': 'false',
      'aria-controls': 'panel',
    }),
    panel: h('section', {
      class: 'panel',
      id: 'panel',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': 'title',
      hidden: '',
    }),
    avatar: h('span', { class: 'avatar', 'aria-hidden': 'true' }),
    title: h('h2', { id: 'title' }),
    speak: iconButton('speaker', { 'aria-pressed': 'false', hidden: '' }),
    reset: iconButton('reset'),
    close: iconButton('close'),
    log: h('div', { class: 'log', role: 'log', tabindex: '0' }),
    starters: h('div', { class: 'starters', role: 'group' }),
    notice: h('div', { class: 'notice', role: 'alert', hidden: '' }),
    label: h('label', { class: 'sr', for: 'input' }),
    input: h('textarea', { id: 'input', rows: '1', maxlength: '32000' }) as HTMLTextAreaElement,
    mic: iconButton('mic', { 'aria-pressed': 'false', hidden: '' }),
    attach: iconButton('clip', { hidden: '' }),
    picker: h('input', { type: 'file', multiple: '', hidden: '', tabindex: '-1' }) as HTMLInputElement,
    chips: h('ul', { class: 'chips', hidden: '' }),
    send: iconButton('send', { type: 'submit' }),
  };

  private get storageKey(): string {
    return `agentry:${this.getAttribute('agent')}:conversation`;
  }

  private get preview(): boolean {
    return this.hasAttribute('data-endpoint');
  }

  connectedCallback(): void {
    this.pageLanguage ??= new MutationObserver(() => this.localize());
    this.pageLanguage.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    if (this.built) {
      // Moved elsewhere on the page: its language may have changed with its place.
      this.localize();
      return;
    }
    this.built = true;
    const base = (this.getAttribute('base') || scriptOrigin || location.origin).replace(/\/$/, '');
    this.client = new WidgetClient(
      base,
      this.getAttribute('agent') ?? '',
      this.getAttribute('data-endpoint') ?? undefined,
      this.getAttribute('data-files-endpoint') ?? undefined,
    );
    this.files = new Attachments(
      this.client,
      this.ui.chips,
      (key, values) => this.t(key, values),
      (error) => this.say(error),
    );
    this.build();
    this.localize();
    void this.load();
  }

  disconnectedCallback(): void {
    this.pageLanguage?.disconnect();
  }

  attributeChangedCallback(attribute: string): void {
    if (!this.built) return;
    if (attribute === 'lang') this.localize();
    else if (this.dataset.config) this.applyConfig(JSON.parse(this.dataset.config));
  }

  /** A word of the widget in the visitor's language. */
  private t(key: WordKey, values?: Record<string, string | number>): string {
    return translate(this.language, key, values);
  }

  /** A failure in the visitor's language: the widget's word for it, else its (server's) message. */
  private say(error: unknown): string {
    const key = (error as WidgetError).key as WordKey;
    return (key in en && this.t(key, { status: (error as WidgetError).status })) || (error as Error).message;
  }

  /** An owner's text, or the visitor's language's word where the owner kept the English default. */
  private owned(text: string, key: 'title' | 'placeholder' | 'welcome'): string {
    return text === en[key] ? this.t(key) : text;
  }

  /** The title shown (and read out). */
  private get shownTitle(): string {
    return this.config ? this.owned(this.config.title, 'title') : '';
  }

  /**
   * Picks the visitor's language (the element's `lang`, else the nearest one up the page, else the
   * agent's default) and says every word of the widget in it; run again when any of those changes.
   */
  private localize(): void {
    const ui = this.ui;
    this.tag = this.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang;
    this.language = pickLanguage(this.tag, this.config?.defaultLanguage);
    for (const part of [ui.panel, ui.launcher]) {
      part.lang = this.language;
      part.dir = this.t('dir');
    }
    const names: [HTMLElement, WordKey][] = [
      [ui.speak, 'readAloud'],
      [ui.reset, 'reset'],
      [ui.close, 'closeChat'],
      [ui.mic, 'speak'],
      [ui.attach, 'attach'],
      [ui.send, 'send'],
    ];
    for (const [element, key] of names) name(element, this.t(key));
    ui.log.setAttribute('aria-label', this.t('log'));
    ui.starters.setAttribute('aria-label', this.t('starters'));
    ui.chips.setAttribute('aria-label', this.t('attached'));
    ui.label.textContent = this.t('message');
    this.nameLauncher();
    const config = this.config;
    if (!config) return;
    const title = this.shownTitle;
    ui.title.textContent = title;
    ui.avatar.replaceChildren(
      /^https?:\/\//i.test(config.avatarUrl)
        ? h('img', { src: config.avatarUrl, alt: '' })
        : title.slice(0, 1),
    );
    ui.input.placeholder = this.owned(config.placeholder, 'placeholder');
    // A conversation under way keeps its messages; only its welcome changes language.
    const welcome = ui.log.querySelector<HTMLElement>('.welcome');
    if (!ui.log.querySelector('.user')) this.showHistory([]);
    else if (welcome) {
      const text = this.welcome().text;
      if (text) this.paint(welcome, 'bot', text);
      else welcome.remove();
    }
  }

  /** The launcher's name: what a press does. */
  private nameLauncher(): void {
    const title = this.shownTitle;
    name(
      this.ui.launcher,
      !this.ui.panel.hidden
        ? this.t('closeChat')
        : title
          ? this.t('openChatNamed', { title })
          : this.t('openChat'),
    );
  }

  /** The welcome and starter prompts in the visitor's language, else the default ones. */
  private welcome(): { text: string; starters: string[] } {
    const config = this.config!;
    const local = config.translations?.[this.language];
    return {
      text: local?.welcomeMessage || this.owned(config.welcomeMessage, 'welcome'),
      starters: local?.starterPrompts?.length ? local.starterPrompts : config.starterPrompts,
    };
  }

  /** Opens the panel and moves focus into it. */
  open(): void {
    const { panel, launcher, input } = this.ui;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    this.nameLauncher();
    this.scrollToEnd();
    (input.disabled ? this.ui.close : input).focus();
  }

  /** Closes the panel and gives focus back to the launcher. */
  close(): void {
    const { panel, launcher } = this.ui;
    if (panel.hidden) return;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    this.nameLauncher();
    this.stopListening?.();
    launcher.focus();
  }

  /** Opens or closes the panel. */
  toggle(): void {
    if (this.ui.panel.hidden) this.open();
    else this.close();
  }

  /** Opens the panel and sends a message (queued until the widget is ready). */
  send(text: string): void {
    this.open();
    if (this.config && !this.busy) void this.ask(text);
    else this.pending.push(text);
  }

  private build(): void {
    const ui = this.ui;
    const style = h('style', {}, STYLES);
    const form = h('form', {}, ui.label, ui.picker, ui.attach, ui.input, ui.mic, ui.send) as HTMLFormElement;
    ui.panel.append(
      h('header', {}, ui.avatar, ui.title, ui.speak, ui.reset, ui.close),
      ui.log,
      ui.starters,
      ui.notice,
      ui.chips,
      form,
    );
    this.shadow.append(style, ui.panel, ui.launcher);
    ui.launcher.addEventListener('click', () => this.toggle());
    ui.close.addEventListener('click', () => this.close());
    ui.reset.addEventListener('click', () => this.reset());
    ui.speak.addEventListener('click', () => {
      this.speaking = !this.speaking;
      ui.speak.setAttribute('aria-pressed', String(this.speaking));
      if (!this.speaking) speechSynthesis.cancel();
    });
    ui.mic.addEventListener('click', () => this.dictate());
    // Files only while the owner accepts them: the button is hidden and paste or drop ignored otherwise.
    const attach = (files: File[]) => {
      const limits = this.config?.files;
      if (!limits?.enabled || files.length === 0) return false;
      this.files.add(files, limits);
      return true;
    };
    ui.attach.addEventListener('click', () => ui.picker.click());
    ui.picker.addEventListener('change', () => {
      attach([...(ui.picker.files ?? [])]);
      ui.picker.value = '';
    });
    ui.input.addEventListener('paste', (event) => {
      if (attach(filesOf(event.clipboardData))) event.preventDefault();
    });
    ui.panel.addEventListener('dragover', (event) => {
      if (this.config?.files?.enabled) event.preventDefault();
    });
    ui.panel.addEventListener('drop', (event) => {
      if (attach(filesOf(event.dataTransfer))) event.preventDefault();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = ui.input.value.trim();
      if ((text || !this.files.empty) && !this.busy) {
        ui.input.value = '';
        void this.files.take().then((files) => {
          if (text || files.length > 0) void this.ask(text, files);
        });
      }
    });
    ui.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    ui.panel.addEventListener('keydown', (event) => this.keepFocus(event));
    ui.input.disabled = true;
    ui.send.setAttribute('disabled', '');
  }

  /** Escape closes; Tab and Shift+Tab cycle inside the panel while it is open. */
  private keepFocus(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
      return;
    }
    if (event.key !== 'Tab') return;
    const focusable = [
      ...this.ui.panel.querySelectorAll<HTMLElement>('button,textarea,a[href],[tabindex="0"]'),
    ].filter((element) => !element.closest('[hidden]') && !(element as HTMLButtonElement).disabled);
    const first = focusable[0];
    const last = focusable.at(-1);
    const active = this.shadow.activeElement;
    if (event.shiftKey && (active === first || !active)) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first?.focus();
    }
  }

  private async load(): Promise<void> {
    try {
      const given = this.dataset.config;
      this.applyConfig(given ? JSON.parse(given) : await this.client.config());
    } catch (error) {
      this.notify(this.say(error));
      return;
    }
    this.ui.input.disabled = false;
    this.ui.send.removeAttribute('disabled');
    if (this.hasAttribute('open')) this.open();
    const stored = this.preview ? null : this.read();
    if (stored) {
      try {
        this.conversationId = stored;
        this.showHistory(await this.client.history(stored));
        // A run still going (or waiting for the visitor) when the page was left: replay and follow it.
        await this.stream((handlers) => this.client.reattach(stored, handlers));
      } catch (error) {
        if ((error as WidgetError).status === 404) this.forget();
      }
    }
    for (const text of this.pending.splice(0)) await this.ask(text);
  }

  private applyConfig(config: WidgetConfig): void {
    this.config = config;
    const ui = this.ui;
    const color = (value: string, fallback: string) => (HEX.test(value) ? value : fallback);
    this.style.setProperty('--p', color(config.primaryColor, '#3b55e6'));
    this.style.setProperty('--pt', color(config.primaryTextColor, '#ffffff'));
    this.style.setProperty('--bg', color(config.backgroundColor, '#ffffff'));
    this.style.setProperty('--fg', color(config.textColor, '#0f172a'));
    this.dataset.position = config.position === 'bottom-left' ? 'bottom-left' : 'bottom-right';
    ui.mic.hidden = !(config.voiceInput && speechRecognition());
    ui.speak.hidden = !(config.readAloud && canSpeak());
    ui.attach.hidden = !config.files?.enabled;
    ui.picker.accept = acceptOf(config.files?.kinds ?? []);
    if (!config.files?.enabled) this.files.clear();
    this.localize();
  }

  /** Draws the welcome, the given messages and, for an empty conversation, the starter prompts. */
  private showHistory(messages: HistoryMessage[]): void {
    const { text, starters } = this.welcome();
    this.ui.log.replaceChildren();
    if (text) this.addMessage('bot', text).classList.add('welcome');
    for (const message of messages) this.addMessage(message.role === 'user' ? 'user' : 'bot', message.text);
    this.ui.starters.replaceChildren(
      ...starters.map((prompt) => {
        const button = h('button', { type: 'button' }, prompt);
        button.addEventListener('click', () => void this.ask(prompt));
        return button;
      }),
    );
    this.ui.starters.hidden = messages.length > 0 || starters.length === 0;
    this.scrollToEnd();
  }

  private addMessage(role: 'user' | 'bot', text: string): HTMLElement {
    const bubble = h('div', { class: `msg ${role}` });
    this.paint(bubble, role, text);
    this.ui.log.append(bubble);
    this.scrollToEnd();
    return bubble;
  }

  private paint(bubble: HTMLElement, role: 'user' | 'bot', text: string): void {
    const who = h(
      'span',
      { class: 'sr' },
      role === 'user' ? this.t('you') : this.t('bot', { title: this.shownTitle || this.t('assistant') }),
    );
    if (role === 'user') bubble.replaceChildren(who, text);
    else bubble.replaceChildren(who, renderMarkdown(text));
  }

  private scrollToEnd(): void {
    this.ui.log.scrollTop = this.ui.log.scrollHeight;
  }

  /**
   * Sends one message (with the files uploaded for it) and streams the answer; refusals and dropped
   * connections are shown, with a retry. The visitor's own images are shown from local object URLs.
   */
  private async ask(text: string, files: SentFile[] = []): Promise<void> {
    if (this.busy) return;
    this.ui.starters.hidden = true;
    const mine = this.addMessage('user', text);
    for (const file of files)
      mine.prepend(
        file.image
          ? h('img', { src: file.image, alt: file.name, class: 'att' })
          : h('span', { class: 'att' }, `📎 ${file.name}`),
      );
    await this.stream(
      (handlers) =>
        this.client.chat(
          text,
          this.conversationId,
          handlers,
          files.map((file) => file.part),
        ),
      () => {
        mine.remove();
        void this.ask(text, files);
      },
      text,
    );
  }

  /**
   * Streams a run into a new answer bubble: text as it arrives (a dropped connection is reattached by
   * the client, so the bubble only grows), then the question it asks, if any. Failures are shown; a
   * dropped connection that could not be reattached offers `retry`.
   */
  private async stream(
    start: (handlers: TurnHandlers) => Promise<unknown>,
    retry?: () => void,
    text?: string,
  ): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const ui = this.ui;
    ui.send.setAttribute('disabled', '');
    this.notify('');
    const bubble = this.addMessage('bot', '');
    bubble.classList.add('typing');
    bubble.setAttribute('aria-busy', 'true');
    let answer = '';
    let frame = 0;
    let question: Question | undefined;
    let reasoning: HTMLElement | undefined;
    const show = () => {
      bubble.classList.remove('typing');
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        this.paint(bubble, 'bot', answer);
        this.scrollToEnd();
      });
    };
    try {
      await start({
        onConversation: (id) => {
          this.conversationId = id;
          if (!this.preview) this.write(id);
        },
        onText: (delta) => {
          answer += delta;
          show();
        },
        onReasoning: (delta) => {
          if (!this.config?.showReasoning) return;
          reasoning ??= this.reasoningFold(bubble);
          reasoning.textContent += delta;
        },
        onWhole: (whole) => {
          answer = whole;
          show();
        },
        onQuestion: (asked) => {
          question = asked;
        },
      });
      cancelAnimationFrame(frame);
      if (answer) this.paint(bubble, 'bot', answer);
      else bubble.remove();
      if (this.speaking && answer) speak(bubble.textContent ?? '', this.tag || this.language);
      if (question) this.showQuestion(question);
    } catch (error) {
      cancelAnimationFrame(frame);
      const failure = error as WidgetError;
      if (answer) this.paint(bubble, 'bot', answer);
      else bubble.remove();
      if (failure.status === 404 && this.conversationId) {
        this.forget();
        this.notify(this.t('e_gone') || failure.message, this.t('newConversation'), () => this.reset());
      } else if (retry && (failure.status === 0 || failure.status >= 500)) {
        // Nothing froze: say what happened and offer to send the message again.
        this.notify(this.say(failure), this.t('retry'), () => {
          bubble.remove();
          retry();
        });
      } else {
        this.notify(this.say(failure));
        if (failure.status === 413 && text && !ui.input.value) ui.input.value = text;
      }
    } finally {
      bubble.classList.remove('typing');
      bubble.removeAttribute('aria-busy');
      this.busy = false;
      ui.send.removeAttribute('disabled');
      this.scrollToEnd();
    }
  }

  /** A folded "Reasoning ▸" block before an answer's bubble; returns the element its text goes into. */
  private reasoningFold(bubble: HTMLElement): HTMLElement {
    const text = h('p', { hidden: '' });
    const word = this.t('reasoning');
    const toggle = h('button', { type: 'button', 'aria-expanded': 'false' }, `${word} ▸`);
    toggle.addEventListener('click', () => {
      const open = text.hidden;
      text.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = `${word} ${open ? '▾' : '▸'}`;
    });
    bubble.before(h('div', { class: 'reason' }, toggle, text));
    return text;
  }

  /**
   * A question the run asks: for the visitor, its text (as text, never HTML), its short form and a
   * button per choice, which answers and streams the rest of the run; for the team, a note only.
   */
  private showQuestion(question: Question): void {
    const card = h('div', { class: 'msg bot q', role: 'group', 'aria-label': this.t('question') });
    card.append(h('p', {}, question.message));
    this.ui.log.append(card);
    this.scrollToEnd();
    if (question.audience !== 'visitor') {
      card.append(h('p', { class: 'note' }, this.t('teamReview')));
      return;
    }
    const fields = (question.form ?? []).map((field) => {
      const type = field.type === 'boolean' ? 'checkbox' : field.type;
      const input = h('input', { type, name: field.name }) as HTMLInputElement;
      card.append(h('label', {}, `${field.label}${field.required ? ' *' : ''} `, input));
      return { field, input };
    });
    const buttons = question.choices.map((choice) => {
      const button = h('button', { type: 'button' }, choice.label) as HTMLButtonElement;
      button.addEventListener('click', () => {
        const form: Record<string, unknown> = {};
        for (const { field, input } of fields) {
          const value =
            field.type === 'boolean'
              ? input.checked
              : field.type === 'number' && input.value
                ? Number(input.value)
                : input.value.trim();
          if (field.required && value === '') {
            this.notify(this.t('required', { label: field.label }));
            input.focus();
            return;
          }
          form[field.name] = value;
        }
        if (this.busy || !this.conversationId) return;
        for (const other of buttons) other.disabled = true;
        card.append(h('p', { class: 'note' }, this.t('chose', { label: choice.label })));
        const conversationId = this.conversationId;
        void this.stream((handlers) =>
          this.client.answer(
            conversationId,
            { requestId: question.id, choice: choice.id, ...(fields.length > 0 ? { form } : {}) },
            handlers,
          ),
        );
      });
      return button;
    });
    card.append(h('div', { class: 'choices' }, ...buttons));
    this.scrollToEnd();
  }

  /** Shows a message in the alert area (empty text hides it), optionally with one action button. */
  private notify(message: string, action?: string, onAction?: () => void): void {
    const notice = this.ui.notice;
    notice.hidden = !message;
    notice.replaceChildren(h('span', {}, message));
    if (action && onAction) {
      const button = h('button', { type: 'button' }, action);
      button.addEventListener('click', () => {
        this.notify('');
        onAction();
      });
      notice.append(button);
    }
  }

  private reset(): void {
    this.forget();
    this.notify('');
    this.showHistory([]);
    this.ui.input.focus();
  }

  private dictate(): void {
    if (this.stopListening) {
      this.stopListening();
      return;
    }
    const mic = this.ui.mic;
    mic.setAttribute('aria-pressed', 'true');
    this.stopListening = listen(
      this.tag || this.language,
      (text) => {
        this.ui.input.value = text;
      },
      () => {
        this.stopListening = undefined;
        mic.setAttribute('aria-pressed', 'false');
        this.ui.input.focus();
      },
    );
  }

  // Storage may be blocked (private modes, third-party frames): the chat then lasts one page view.
  private read(): string | null {
    try {
      return localStorage.getItem(this.storageKey);
    } catch {
      return null;
    }
  }

  private write(id: string): void {
    try {
      localStorage.setItem(this.storageKey, id);
    } catch {}
  }

  private forget(): void {
    this.conversationId = undefined;
    try {
      localStorage.removeItem(this.storageKey);
    } catch {}
  }
}
