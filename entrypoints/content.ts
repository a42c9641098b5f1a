import { defineContentScript } from 'wxt/utils/define-content-script';
import { runCapture } from '../src/capture/run';
import { contentTransport } from '../src/platform/content-messaging';
import { allToolHostPatterns, toolForHost } from '../src/tools/registry';

export default defineContentScript({
  matches: allToolHostPatterns(),
  runAt: 'document_idle',
  async main(ctx) {
    const tool = toolForHost(location.hostname);
    if (!tool) return;
    const transport = contentTransport(tool.id);
    const hello = await transport.hello();
    // Unreachable background: record anyway; the outbox holds events until it answers.
    if (hello && !hello.record) return;
    if (ctx.isValid) runCapture(ctx, tool, transport.send);
  },
});
