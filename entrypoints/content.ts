import { defineContentScript } from 'wxt/utils/define-content-script';
import { runCapture, type Capture } from '../src/capture/run';
import { batchSender, hello } from '../src/platform/content-messaging';
import { allToolHostPatterns, toolForHost } from '../src/tools/registry';

/** How long to wait before asking again while the background cannot yet say whether to record. */
const HELLO_RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

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
    // On a built-in tool, capture starts at once with the shipped adapter, holding what it sees:
    // the background's answer can take seconds after a browser start (policy loading), and a
    // prompt sent meanwhile must not be missed. Nothing is sent until the background has said
    // that the tool is recorded; told it is not, capture stops and forgets what it held.
    let capture: Capture | undefined = shipped ? runCapture(ctx, shipped, batchSender(shipped.id), { held: true }) : undefined;
    for (let attempt = 0; ctx.isValid; attempt += 1) {
      const reply = await hello();
      if (reply && !reply.waiting) {
        if (!reply.record || !reply.tool) return capture?.stop(); // not approved, turned off
        const tool = reply.tool;
        if (capture && tool.id === capture.tracker.tool.id) {
          capture.useTool(tool); // policy selector overrides, if any
        } else {
          capture?.stop();
          capture = runCapture(ctx, tool, batchSender(tool.id), { held: true });
        }
        capture.outbox.release();
        return;
      }
      // Unreachable, or the policy is not known yet: keep holding, and ask again.
      const wait = HELLO_RETRY_MS[Math.min(attempt, HELLO_RETRY_MS.length - 1)]!;
      await new Promise<void>((resolve) => ctx.setTimeout(resolve, wait));
    }
  },
});
