import { act, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';

// Tells React that updates are wrapped in act(), so it flushes them and does not warn.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Lets effects, promise callbacks and the renders they cause run to completion (a few rounds: reads chain). */
export async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) await act(async () => {});
}

export interface Mounted {
  host: HTMLElement;
  unmount(): Promise<void>;
}

/** Renders into a fresh element attached to the document (focus and events need it there). */
export async function mount(element: ReactElement): Promise<Mounted> {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  await act(async () => root.render(element));
  return {
    host,
    async unmount() {
      await act(async () => root.unmount());
      host.remove();
    },
  };
}
