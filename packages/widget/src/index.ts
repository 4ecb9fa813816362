import { AgentryChatElement, setScriptOrigin } from './chat-element';

/** The page-facing API: `Agentry.open()`, `Agentry.close()`, `Agentry.toggle()`, `Agentry.send(text)`. */
export interface AgentryApi {
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): void;
}

declare global {
  interface Window {
    Agentry?: AgentryApi;
  }
}

const script = (document.currentScript ??
  document.querySelector('script[src*="widget.js"][data-agent]')) as HTMLScriptElement | null;
if (script?.src) setScriptOrigin(new URL(script.src, location.href).origin);

if (!customElements.get('agentry-chat')) customElements.define('agentry-chat', AgentryChatElement);

const agent = script?.dataset.agent;
function mount(): void {
  if (agent && !document.querySelector(`agentry-chat[agent="${CSS.escape(agent)}"]`)) {
    const element = document.createElement('agentry-chat');
    element.setAttribute('agent', agent);
    if (script?.dataset.open !== undefined) element.setAttribute('open', '');
    document.body.append(element);
  }
}
if (document.body) mount();
else document.addEventListener('DOMContentLoaded', mount);

const first = () => document.querySelector<AgentryChatElement>('agentry-chat');
window.Agentry = {
  open: () => first()?.open(),
  close: () => first()?.close(),
  toggle: () => first()?.toggle(),
  send: (text) => first()?.send(text),
};
window.dispatchEvent(new Event('agentry:ready'));
