import { defineContentScript } from 'wxt/utils/define-content-script';
import { runCapture } from '../src/capture/run';
import { batchSender, hello } from '../src/platform/content-messaging';
import { allToolHostPatterns, toolForHost } from '../src/tools/registry';

// Declared for the built-in tools; the background registers the same script at
// runtime for the tools IT adds (scripting.registerContentScripts).
export default defineContentScript({
  matches: allToolHostPatterns(),
  runAt: 'document_idle',
  async main(ctx) {
    // Seen only by this extension's scripts (isolated world): lets the background avoid a second copy.
    (globalThis as { __leadlineCapture?: boolean }).__leadlineCapture = true;
    ctx.onInvalidated(() => ((globalThis as { __leadlineCapture?: boolean }).__leadlineCapture = false));
    const shipped = toolForHost(location.hostname);
    // On a built-in tool, capture starts at once with the shipped adapter: the background's
    // answer can take seconds after a browser start (policy loading), and a prompt sent
    // meanwhile must not be missed. Whatever it sends is checked again by the background,
    // which refuses events of a tool that is not recorded.
    const early = shipped ? runCapture(ctx, shipped, batchSender(shipped.id)) : undefined;
    const reply = await hello();
    if (reply && !reply.record) return early?.stop(); // not approved, turned off or paused
    const tool = reply?.tool ?? shipped;
    if (!tool || !ctx.isValid) return early?.stop();
    if (early && tool.id === early.tracker.tool.id) {
      early.tracker.useTool(tool); // policy selector overrides, if any
    } else {
      early?.stop();
      runCapture(ctx, tool, batchSender(tool.id));
    }
  },
});
