import { describe, expect, it } from 'vitest';
import { CopilotDock } from './copilot-dock';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('CopilotDock', () => {
  it('remembers per agent whether the Copilot is open, across page loads', () => {
    const storage = memoryStorage();
    const dock = new CopilotDock(() => storage);
    dock.set('a1', 'copilot');
    dock.set('a2', 'preview');
    const reloaded = new CopilotDock(() => storage);
    expect(reloaded.get('a1')).toBe('copilot');
    // The preview starts closed, as it always did.
    expect(reloaded.get('a2')).toBeNull();
    reloaded.set('a1', 'preview');
    expect(new CopilotDock(() => storage).get('a1')).toBeNull();
  });

  it('opens the Copilot with a request that is handed over once', () => {
    const dock = new CopilotDock(() => undefined);
    let changes = 0;
    dock.subscribe(() => changes++);
    dock.ask('a1', 'Fix these problems:\n- model: no prompt');
    expect(dock.get('a1')).toBe('copilot');
    expect(dock.pendingAsk('a1')).toBe('Fix these problems:\n- model: no prompt');
    expect(dock.takeAsk('a1')).toBe('Fix these problems:\n- model: no prompt');
    expect(dock.takeAsk('a1')).toBeUndefined();
    expect(dock.pendingAsk('a2')).toBeUndefined();
    expect(changes).toBe(2);
  });

  it('works without storage (blocked): the choice holds for the visit', () => {
    const dock = new CopilotDock(() => {
      throw new Error('SecurityError');
    });
    expect(dock.get('a1')).toBeNull();
    dock.set('a1', 'copilot');
    expect(dock.get('a1')).toBe('copilot');
  });
});
