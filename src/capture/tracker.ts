import { durationBucket, sizeBucket, type Feature, type SizeBucket } from '../contract/buckets';
import type { EventBody } from '../contract/events';
import type { ChainName } from '../contract/messages';
import type { ToolDefinition } from '../tools/types';
import { all, closest, compileChains, first, isLocal, matchesAny, type CompiledChains } from './chains';
import { ConversationIdentity } from './conversation';
import { eventElement, isEditable, isOn, measure } from './dom';
import { HealthReporter } from './health';
import { TurnSet } from './turns';

/**
 * The capture state machine for one tab. It turns DOM signals into events.
 *
 * Two independent kinds of signal are combined so that one broken selector
 * does not blind it:
 *   - intent: Enter in an editable, a click on a send button (captured before
 *     the page handles it, which is the only moment the prompt's size is read);
 *   - structure: a new user turn appears, streaming starts and stops.
 * A prompt is counted once, when an intent is confirmed by structure (or, when
 * the structure cannot be seen, by the composer having been emptied).
 *
 * Text is never kept: sizes are read as a length at the moment of sending or at
 * the end of a response, bucketed at once, and the string is never stored.
 * Nothing here queries the DOM inside a MutationObserver callback; the observer
 * only says whether a record changed the structure (`noteMutations`) and
 * schedules `check()`.
 */
export interface CaptureSink {
  event(body: EventBody, conv: string | null): void;
  link(from: string, to: string): void;
  health(chains: Partial<Record<ChainName, number>>, errors: number): void;
}

export interface TrackerEnv {
  doc: Document;
  now(): number;
  /** Location pathname, read on demand (SPA navigations change it). */
  path(): string;
  randomId(): string;
  /** Schedule a check later (the host page's timers, cancelled with the content script). */
  later(ms: number, fn: () => void): void;
  /**
   * Whether an input event came from the person. Default `event.isTrusted`: a
   * page can dispatch synthetic Enter presses and clicks, and those must not
   * count. (Unit tests stand in for the person with events they mark.)
   */
  trusted?(e: Event): boolean;
  /**
   * The mutation records not yet delivered to the observer (`observer.takeRecords()`).
   * With this feed, the DOM readings (turn counts, streaming) are taken again only once
   * the page's structure has changed; without it, they are taken at every look.
   */
  takeMutations?(): MutationRecord[];
}

/** Changes kept between two readings before the page is searched whole instead. */
const MAX_SINCE = 256;

/** The element itself or the first in its subtree that the chain matches. */
function within(el: Element, chain: readonly string[]): Element | null {
  return matchesAny(el, chain) ? el : first(el, chain);
}

export { isLocal } from './chains';

/** The DOM readings a check compares with the tracker's state. */
interface Readings {
  users: number;
  assistants: number;
  streaming: boolean;
}

/**
 * Whether a mutation can change what the readings read: an element added or
 * removed, or one of the observed attributes (the observer's filter holds the
 * attributes the selectors read). Text added inside an answer as it streams
 * cannot add or remove a turn, a stop control or a streaming marker.
 */
export function structural(record: MutationRecord): boolean {
  if (record.type !== 'childList') return record.type === 'attributes';
  return hasElement(record.addedNodes) || hasElement(record.removedNodes);
}

function hasElement(nodes: NodeList): boolean {
  for (let i = 0; i < nodes.length; i++) if (nodes[i]!.nodeType === 1) return true;
  return false;
}

/** How long an unconfirmed intent may wait for the page to show the new turn. */
export const INTENT_TIMEOUT_MS = 4000;
/** A response whose streaming was never seen is taken as done after the page settles this long. */
export const SETTLE_MS = 1500;
const DUPLICATE_INTENT_MS = 800;
const COPY_DEDUPE_MS = 1500;

interface Pending {
  at: number;
  size: SizeBucket;
  attachments: number;
  mode: 'new' | 'edit';
  /** For edits: the 1-based index of the edited user turn. */
  editTurn?: number;
  /** Where the prompt was typed: if it empties and nothing else shows, the prompt went out. */
  editor: Element | null;
}

export class Tracker {
  chains: CompiledChains;
  private rootEl: Element | null = null;
  private readonly conversation: ConversationIdentity;
  private errors = 0;
  private disabled = false;

  private promptsInConv = 0;

  private pending: Pending | null = null;
  private pendingAttachments = 0;
  private userTurns = 0;
  private assistantTurns = 0;
  private unconsumedTurnAt: number | null = null;

  private streaming = false;
  /** The latest DOM readings, and whether the page's structure may have changed since. */
  private readings: Readings = { users: 0, assistants: 0, streaming: false };
  private fresh = false;
  /** The stop control or streaming marker last seen, checked again before any search. */
  private streamingEl: Element | null = null;
  /**
   * The selector that matched it, and whether it is a stop control (else a marker, which
   * counts only inside the conversation): while an answer streams, every batch of mutations
   * asks whether it still matches, and one test answers instead of one per selector of both chains.
   */
  private streamingBy: { selector: string; stop: boolean } | null = null;
  /**
   * Since readings that found no answer streaming: the elements added and the attribute
   * targets, the only places a stop control or streaming marker can have appeared
   * (null: not known, the page is searched). Searching them instead of the whole page
   * spares a scan of every selector of both chains at each look between answers.
   */
  private since: Element[] | null = null;
  /**
   * Since the stop control or streaming marker held while an answer streamed went: the
   * elements added and the attribute targets, where a signal that replaced it can be
   * (null: not known). The end of each answer is then decided without a search of the
   * whole page for every selector of both chains, the costliest look the script made,
   * and the turns are counted from what follows the last one known (`countAfterStream`).
   */
  private ended: Element[] | null = null;
  /** Whether the stop and streaming selectors match by an element's subtree and ancestors alone. */
  private localSignals = false;
  /** The user and assistant turns, updated from the elements in `since` rather than counted afresh. */
  private userSet!: TurnSet;
  private assistantSet!: TurnSet;
  private streamStartedAt: number | null = null;
  private awaiting: { since: number; assistantTurns: number } | null = null;
  private stopClicked = false;
  private lastCopyClickAt = Number.NEGATIVE_INFINITY;
  private readonly health: HealthReporter;

  constructor(
    public tool: ToolDefinition,
    private readonly env: TrackerEnv,
    private readonly sink: CaptureSink,
  ) {
    this.health = new HealthReporter((chains, errors) => sink.health(chains, errors));
    this.conversation = new ConversationIdentity(env.path());
    this.chains = this.compile(tool);
    this.conversation.fromPath();
    this.guard(() => {
      const r = this.read();
      this.userTurns = r.users;
      this.assistantTurns = r.assistants;
      this.streaming = r.streaming;
    });
  }

  /**
   * Switch to the definition in force (policy overrides arrive with the
   * background's hello, after capture has already started on the shipped one).
   */
  useTool(tool: ToolDefinition): void {
    if (JSON.stringify(tool) === JSON.stringify(this.tool)) return;
    this.tool = tool;
    this.chains = this.compile(tool);
    this.rootEl = null;
    this.streamingEl = null;
    this.streamingBy = null;
    this.fresh = false;
    this.since = null;
    this.ended = null;
    this.health.reset();
  }

  private compile(tool: ToolDefinition): CompiledChains {
    const compiled = compileChains(tool.selectors);
    this.userSet = new TurnSet(compiled.chains.userTurn);
    this.assistantSet = new TurnSet(compiled.chains.assistantTurn);
    this.localSignals = [...compiled.chains.stop, ...compiled.chains.streaming].every(isLocal);
    this.errors += compiled.invalid;
    this.errors += this.conversation.usePatterns(tool.conversationPaths);
    return compiled.chains;
  }

  // ---- DOM event entry points. Each is wrapped: nothing may throw into the page. ----

  private trusted(e: Event): boolean {
    return this.env.trusted ? this.env.trusted(e) : e.isTrusted;
  }

  onKeyDown(e: KeyboardEvent): void {
    this.guard(() => {
      if (!this.trusted(e)) return;
      if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.altKey) return;
      const target = eventElement(e);
      if (!target || !isEditable(target)) return;
      // Bring the structural state up to date first: an answer that ended since the last
      // throttled check must be recorded as finished before this prompt starts the next one.
      this.check();
      const composer = closest(target, this.chains.composer);
      // Measure the whole editing host, not the paragraph the caret is in.
      const editor = composer ?? target.closest('textarea, [contenteditable]:not([contenteditable="false"])') ?? target;
      const turn = closest(target, this.chains.userTurn);
      if (turn && !composer) this.intent('edit', editor, this.turnIndexOf(turn));
      else this.intent('new', editor);
    });
  }

  onClick(e: MouseEvent): void {
    this.guard(() => {
      if (!this.trusted(e)) return;
      const target = eventElement(e);
      if (!target) return;
      this.check();
      const c = this.chains;
      const now = this.env.now();
      if (this.streaming && closest(target, c.stop)) {
        if (this.awaiting && !this.stopClicked) {
          this.stopClicked = true;
          this.emit({ kind: 'response_stopped' });
        }
        return;
      }
      const userTurn = closest(target, c.userTurn);
      if (userTurn && target.closest('button')) {
        const editor = userTurn.querySelector('textarea, [contenteditable="true"]');
        if (editor) {
          this.intent('edit', editor, this.turnIndexOf(userTurn));
          return;
        }
      }
      if (closest(target, c.send)) {
        const composer = first(this.env.doc, c.composer);
        this.intent('new', composer);
        return;
      }
      if (closest(target, c.copy)) {
        this.lastCopyClickAt = now;
        this.emit({ kind: 'response_copied' });
        return;
      }
      if (closest(target, c.regenerate)) {
        this.settlePrevious();
        this.emit({ kind: 'response_regenerated' });
        this.awaitResponse();
        return;
      }
      const up = closest(target, c.feedbackUp);
      const down = up ? null : closest(target, c.feedbackDown);
      if (up || down) {
        if (!isOn(up ?? down!)) this.emit({ kind: 'feedback', rating: up ? 'up' : 'down' });
        return;
      }
      for (const [feature, chain] of Object.entries(this.tool.features) as [Feature, string[]][]) {
        const el = closest(target, chain);
        if (el) {
          if (!isOn(el)) this.emit({ kind: 'feature_used', feature });
          return;
        }
      }
    });
  }

  /**
   * Files attached (chosen, dropped or pasted). Not held to isTrusted like the
   * intents: a file chosen in the picker reaches the page through the site's
   * own script as often as not, and a file attached is not a prompt sent.
   */
  onFiles(_e: Event, count: number): void {
    this.guard(() => {
      if (count <= 0) return;
      this.check();
      this.pendingAttachments = Math.min(50, this.pendingAttachments + count);
      this.emit({ kind: 'feature_used', feature: 'file_upload' });
    });
  }

  onChange(e: Event): void {
    this.guard(() => {
      const t = eventElement(e);
      if (t instanceof HTMLInputElement && t.type === 'file') this.onFiles(e, t.files?.length ?? 0);
    });
  }

  onCopy(e: Event): void {
    this.guard(() => {
      if (!this.trusted(e)) return;
      if (this.env.now() - this.lastCopyClickAt < COPY_DEDUPE_MS) return;
      const sel = this.env.doc.getSelection();
      if (!sel || sel.isCollapsed || !sel.anchorNode) return;
      const anchor = sel.anchorNode instanceof Element ? sel.anchorNode : sel.anchorNode.parentElement;
      if (anchor && closest(anchor, this.chains.assistantTurn)) this.emit({ kind: 'response_copied' });
    });
  }

  /**
   * Mutation records, from the observer: answers whether the readings must be
   * taken again (then a check is worth scheduling).
   */
  noteMutations(records: readonly MutationRecord[]): boolean {
    if (this.streaming) {
      // While an answer streams, records come by the thousand (each word added): looking
      // at each would cost more than the readings. The readings are taken again at the
      // next look, and a check is worth running once the stop control or streaming
      // marker seen last is gone (or no longer matches): the answer may have ended.
      this.fresh = false;
      this.since = null;
      if (this.stillStreaming()) {
        this.ended = null;
        return false;
      }
      // From the batch that took it away, the changes are listed: a control re-rendered
      // in its place (removed and added in one commit) is among them. A second signal the
      // page added while the first still stood is not, and is found by the next full look.
      if (this.env.takeMutations) this.ended = this.list(records, this.ended ?? []);
      return true;
    }
    this.since = this.list(records, this.since);
    return !this.fresh;
  }

  /** Adds the elements the structural records added and their attribute targets to `into` (null: not listed). */
  private list(records: readonly MutationRecord[], into: Element[] | null): Element[] | null {
    for (const r of records) {
      if (!structural(r)) continue;
      this.fresh = false;
      if (into === null) break;
      if (r.type === 'attributes') into.push(r.target as Element);
      else for (const n of Array.from(r.addedNodes)) if (n.nodeType === 1) into.push(n as Element);
      // A page rebuilding itself: searching it whole is then cheaper than looking at each change.
      if (into.length > MAX_SINCE) into = null;
    }
    return into;
  }

  /**
   * The structural check: run by the debounced observer, after intents, and on timers.
   * `full` takes the readings again even when no mutation said the structure changed
   * (the periodic safety net: a class name or text that a selector reads changes unobserved).
   */
  check(full = false): void {
    this.guard(() => {
      const now = this.env.now();
      const path = this.env.path();
      if (this.conversation.moved(path)) this.navigated(path);
      if (full) {
        this.fresh = false;
        this.since = null;
        this.ended = null;
      }
      const reading = this.read();

      const users = reading.users;
      if (users > this.userTurns) {
        if (this.pending) this.confirm();
        else this.unconsumedTurnAt = now;
      } else if (users === 0 && this.userTurns > 0 && !this.conversation.refFromPath(path)) {
        // The list emptied without a conversation in the URL: a new chat.
        this.conversation.ref = null;
        this.resetConversation();
      }
      this.userTurns = users;

      const streamingNow = reading.streaming;
      if (streamingNow && !this.streaming) {
        this.streaming = true;
        this.streamStartedAt = now;
        if (this.pending) this.confirm();
        else if (this.unconsumedTurnAt !== null && now - this.unconsumedTurnAt < INTENT_TIMEOUT_MS) {
          // A turn we saw no intent for (a suggestion chip, a voice prompt) that the site answers.
          this.pending = { at: now, size: 'unknown', attachments: this.pendingAttachments, mode: 'new', editor: null };
          this.confirm();
        }
        this.unconsumedTurnAt = null;
      } else if (!streamingNow && this.streaming) {
        this.streaming = false;
        if (this.awaiting) this.finishResponse(now);
      }

      const assistants = reading.assistants;
      this.assistantTurns = assistants;
      if (this.awaiting && !this.streaming && this.streamStartedAt === null && now - this.awaiting.since >= SETTLE_MS) {
        // Streaming was never seen (too quick, or a stale stop selector): settle on a new
        // assistant turn, or on the last one showing its action bar again.
        if (assistants > this.awaiting.assistantTurns || this.lastAssistantHasActions()) this.finishResponse(now);
      }

      if (this.pending && now - this.pending.at >= INTENT_TIMEOUT_MS) {
        // The page showed neither a turn nor a stream. If the editor emptied, the prompt went out.
        if (this.pendingEditorEmptied()) this.confirm();
        else this.pending = null;
      }

      if (this.health.due(now)) this.health.report(now, this.env.doc, this.chains, this.errors);
    });
  }

  /**
   * The page is going away: a prompt whose send the page never showed
   * structurally is confirmed now if its composer emptied, instead of waiting
   * for a timeout that will never fire.
   */
  settleBeforeUnload(): void {
    this.guard(() => {
      this.check();
      if (this.pendingEditorEmptied()) this.confirm();
    });
  }

  /** Events the tracker does not detect itself (engaged time) go out with the current conversation. */
  record(body: EventBody): void {
    this.sink.event(body, body.kind === 'engaged_time' ? null : this.conversation.ref);
  }

  // ---- internals ----

  private intent(mode: 'new' | 'edit', editor: Element | null, editTurn?: number): void {
    const now = this.env.now();
    const chars = editor ? measure(editor) : -1; // -1: no composer found, size unknown
    if (chars === 0 && this.pendingAttachments === 0 && mode === 'new') return;
    if (this.pending && now - this.pending.at < DUPLICATE_INTENT_MS) return;
    this.pending = {
      at: now,
      size: chars < 0 ? 'unknown' : sizeBucket(chars),
      attachments: mode === 'new' ? this.pendingAttachments : 0,
      mode,
      editor,
      ...(editTurn ? { editTurn } : {}),
    };
    this.env.later(60, () => this.check());
    this.env.later(INTENT_TIMEOUT_MS + 50, () => this.check());
  }

  private confirm(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.settlePrevious();
    if (this.conversation.ref === null) this.startConversation();
    let turn: number;
    if (p.mode === 'edit') {
      turn = Math.max(1, p.editTurn ?? this.promptsInConv);
    } else {
      turn = Math.max(this.promptsInConv + 1, this.userTurns, this.read().users);
      this.promptsInConv = turn;
      if (turn === 1) {
        this.emit({ kind: 'conversation_started' });
        const path = this.env.path();
        if (this.tool.customAssistantPaths.some((prefix) => path.includes(prefix))) {
          this.emit({ kind: 'feature_used', feature: 'custom_assistant' });
        }
      }
      this.pendingAttachments = 0;
    }
    this.emit({ kind: 'prompt_sent', size: p.size, attachments: p.attachments, mode: p.mode, turn });
    this.unconsumedTurnAt = null;
    this.awaitResponse();
  }

  /** The pending prompt's own editor is still in the page and now empty (the site took the prompt). */
  private pendingEditorEmptied(): boolean {
    const editor = this.pending?.mode === 'new' ? this.pending.editor : null;
    return editor !== null && editor.isConnected && measure(editor) === 0;
  }

  /** A new prompt or a regenerate means the previous answer had finished, even if its end went unseen. */
  private settlePrevious(): void {
    if (this.awaiting && !this.streaming) this.finishResponse(this.env.now());
  }

  private awaitResponse(): void {
    this.awaiting = { since: this.env.now(), assistantTurns: this.read().assistants };
    this.stopClicked = false;
    // A stream already running (the prompt was confirmed by it) belongs to this response.
    this.streamStartedAt = this.streaming ? this.env.now() : null;
    this.env.later(SETTLE_MS + 100, () => this.check());
  }

  private finishResponse(now: number): void {
    const started = this.streamStartedAt ?? this.awaiting?.since ?? now;
    const stopped = this.stopClicked;
    this.awaiting = null;
    this.stopClicked = false;
    this.streamStartedAt = null;
    if (stopped) return;
    // Measured once per response, from a timer (never inside the observer callback).
    const last = this.assistantSet.last(this.root());
    this.emit({
      kind: 'response_completed',
      size: last ? sizeBucket(measure(last)) : 'unknown',
      hasCode: Boolean(last?.querySelector('pre, code')),
      duration: durationBucket(now - started),
    });
  }

  private startConversation(): void {
    this.conversation.start(this.env.path(), this.env.randomId);
    this.promptsInConv = 0;
  }

  private resetConversation(): void {
    this.promptsInConv = 0;
    this.pendingAttachments = 0;
    this.awaiting = null;
    this.unconsumedTurnAt = null;
  }

  private navigated(path: string): void {
    const nav = this.conversation.navigate(path);
    if (nav.kind === 'linked') this.sink.link(nav.from, nav.to); // the new chat got its id after the first prompt
    if (nav.kind !== 'changed') return;
    this.resetConversation();
    // Turns an opened conversation renders are history, not new prompts.
    this.env.later(0, () => this.guard(() => (this.userTurns = this.read().users)));
    this.health.reset();
  }

  private emit(body: EventBody): void {
    this.sink.event(body, this.conversation.ref);
  }

  /**
   * The DOM readings, taken again only when the structure may have changed since
   * the last ones: on a page of tens of thousands of nodes each reading is a scan,
   * and while an answer streams the page changes many times a second.
   */
  private read(): Readings {
    const take = this.env.takeMutations;
    if (take) this.noteMutations(take());
    if (this.fresh) return this.readings;
    // While the answer seen streaming last still streams, the turns are not counted again:
    // the page then changes with every word, so each count would be a search of the whole
    // conversation, and nothing is decided on them until the answer ends (a prompt is
    // confirmed by the stream itself). The first readings after its end count them.
    // (The signal it holds was found by the readings kept, so they say streaming.)
    if (this.streaming && this.stillStreaming()) return this.readings;
    // The turns are counted from the changes listed in `since` (which isStreaming renews), so first;
    // just after an answer streamed, from what follows the last turn known and the changes since its end.
    const root = this.root();
    const ended = this.since === null ? this.ended : null;
    this.readings = {
      users: ended ? this.userSet.countAfterStream(root, ended) : this.userSet.count(root, this.since),
      assistants: ended ? this.assistantSet.countAfterStream(root, ended) : this.assistantSet.count(root, this.since),
      streaming: this.isStreaming(),
    };
    this.fresh = take !== undefined;
    return this.readings;
  }

  /** The conversation's root element, looked up again only once the page has replaced it. */
  private root(): ParentNode {
    if (this.rootEl?.isConnected) return this.rootEl;
    this.rootEl = first(this.env.doc, this.chains.root);
    return this.rootEl ?? this.env.doc;
  }

  /**
   * A stop control anywhere (it often sits by the composer, outside the thread),
   * or a streaming marker inside the conversation: the markers are searched in
   * the thread only, not across the whole (large) document.
   */
  private isStreaming(): boolean {
    // While an answer streams, the control or marker found last time answers without a search.
    if (this.stillStreaming()) return true;
    const since = this.localSignals ? (this.since ?? this.ended) : null;
    this.ended = null;
    const root = this.root();
    if (since) {
      this.streamingEl = null;
      for (const el of since) {
        if (!el.isConnected) continue;
        const marker = within(el, this.chains.streaming);
        this.streamingEl = within(el, this.chains.stop) ?? (marker && root.contains(marker) ? marker : null);
        if (this.streamingEl) break;
      }
    } else this.streamingEl = first(this.env.doc, this.chains.stop) ?? first(root, this.chains.streaming);
    this.since = this.streamingEl === null && this.env.takeMutations ? [] : null;
    this.streamingBy = this.streamingEl ? matchedBy(this.streamingEl, this.chains.stop, this.chains.streaming) : null;
    return this.streamingEl !== null;
  }

  /** The stop control or streaming marker found last is still in the page and still matches. */
  private stillStreaming(): boolean {
    const seen = this.streamingEl;
    if (!seen?.isConnected) return false;
    const by = this.streamingBy;
    if (by && seen.matches(by.selector)) return by.stop || this.root().contains(seen);
    return matchesAny(seen, this.chains.stop) || (matchesAny(seen, this.chains.streaming) && this.root().contains(seen));
  }

  private lastAssistantHasActions(): boolean {
    const last = this.assistantSet.last(this.root());
    if (!last) return false;
    // The action bar sits in the turn or beside it, in the turn's container.
    return first(last, this.chains.copy) !== null || (last.parentElement !== null && first(last.parentElement, this.chains.copy) !== null);
  }

  private turnIndexOf(turn: Element): number {
    const turns = all(this.root(), this.chains.userTurn);
    const i = turns.indexOf(turn);
    return i >= 0 ? i + 1 : Math.max(1, this.promptsInConv);
  }

  /** Stops all detection for good (the tool turned out not to be recorded). */
  disable(): void {
    this.disabled = true;
  }

  private guard(fn: () => void): void {
    if (this.disabled) return;
    try {
      fn();
    } catch {
      // A page whose DOM surprises us must never see an error from us; health counts it instead.
      this.errors += 1;
    }
  }
}

/** The first selector of the stop chain, then of the marker chain, that matches the element. */
function matchedBy(el: Element, stop: readonly string[], streaming: readonly string[]): { selector: string; stop: boolean } | null {
  for (const selector of stop) if (el.matches(selector)) return { selector, stop: true };
  for (const selector of streaming) if (el.matches(selector)) return { selector, stop: false };
  return null;
}
