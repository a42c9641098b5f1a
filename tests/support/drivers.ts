/**
 * Site drivers: drive each fixture page (or, in principle, the real site) the way a
 * person does — real keyboard input and real mouse clicks through Playwright.
 * No DOM mutation, no synthetic events. The selectors are the DOM signals from
 * /work/shared/reference/sites.md (the same ones the fixture pages reproduce).
 */
import type { Page } from 'playwright-core';

export type ToolId =
  | 'chatgpt'
  | 'claude'
  | 'gemini'
  | 'copilot'
  | 'perplexity'
  | 'deepseek'
  | 'mistral'
  | 'poe';

export interface SiteSelectors {
  composer: string;
  send: string;
  stop: string;
  userTurn: string;
  /** Text of a user turn, relative to userTurn. */
  userText: string;
  assistantTurn: string;
  /** Response body, relative to assistantTurn. */
  assistantContent: string;
  copy: string;
  regenerate: string;
  good: string;
  bad: string;
  newChat: string;
  fileInput: string;
  /** An attachment chip showing a file name (the fixture's own markup). */
  attachmentChip: string;
  searchToggle?: string;
}

export interface AttachFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export interface SiteDriver {
  tool: ToolId;
  host: string;
  selectors: SiteSelectors;
  /** Pattern the URL path takes once a conversation exists. */
  conversationPath: RegExp;
  open(page: Page, path?: string): Promise<void>;
  newChat(page: Page): Promise<void>;
  /** Types the prompt (newlines via Shift+Enter) and sends it; resolves once the user turn is shown. */
  sendPrompt(page: Page, text: string, opts?: { via?: 'enter' | 'click' }): Promise<void>;
  /** Waits until streaming has ended: stop button gone and the last response's action bar present. */
  waitForResponse(page: Page, opts?: { timeout?: number }): Promise<void>;
  copyLastResponse(page: Page): Promise<void>;
  /** Clicks regenerate on the last response; resolves once the new stream has started. */
  regenerateLastResponse(page: Page): Promise<void>;
  attachFile(page: Page, file: AttachFile): Promise<void>;
  stopResponse(page: Page): Promise<void>;
  rateLast(page: Page, value: 'up' | 'down'): Promise<void>;
  /** Toggles the web-search (or equivalent) feature; resolves to the new aria-pressed state. */
  toggleWebSearch?(page: Page): Promise<boolean>;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CHIP = '.fx-attachment';

export const SITE_SELECTORS: Record<ToolId, SiteSelectors> = {
  chatgpt: {
    composer: '#prompt-textarea',
    send: 'button[data-testid="send-button"]',
    stop: 'button[data-testid="stop-button"]',
    userTurn: '[data-message-author-role="user"]',
    userText: '.whitespace-pre-wrap',
    assistantTurn: 'article[data-testid^="conversation-turn-"]:has([data-message-author-role="assistant"])',
    assistantContent: '[data-message-author-role="assistant"]',
    copy: 'button[data-testid="copy-turn-action-button"]',
    regenerate: 'button[data-testid="regenerate-turn-action-button"]',
    good: 'button[data-testid="good-response-turn-action-button"]',
    bad: 'button[data-testid="bad-response-turn-action-button"]',
    newChat: 'a[data-testid="create-new-chat-button"]',
    fileInput: 'input[type="file"][multiple]',
    attachmentChip: CHIP,
    searchToggle: 'button[data-testid="composer-button-search"]',
  },
  claude: {
    composer: 'div.ProseMirror[contenteditable="true"]',
    send: 'button[aria-label="Send message"]',
    stop: 'button[aria-label="Stop response"]',
    userTurn: '[data-testid="user-message"]',
    userText: 'p',
    assistantTurn: '[data-is-streaming]',
    assistantContent: '.font-claude-response, .font-claude-message',
    copy: 'button[data-testid="action-bar-copy"]',
    regenerate: 'button[data-testid="action-bar-retry"]',
    good: 'button[aria-label="Good response"]',
    bad: 'button[aria-label="Bad response"]',
    newChat: 'a[aria-label="New chat"]',
    fileInput: 'input[data-testid="file-upload"]',
    attachmentChip: CHIP,
    searchToggle: 'button[aria-label="Web search"]',
  },
  gemini: {
    composer: 'rich-textarea [contenteditable="true"]',
    send: 'button.send-button[aria-label="Send message"]',
    stop: 'button[aria-label="Stop response"]',
    userTurn: 'user-query',
    userText: '.query-text',
    assistantTurn: 'model-response',
    assistantContent: 'message-content',
    copy: 'copy-button button, [data-test-id="copy-button"]',
    regenerate: 'regenerate-button button[aria-label="Redo"]',
    good: 'button[aria-label="Good response"]',
    bad: 'button[aria-label="Bad response"]',
    newChat: 'button[aria-label="New chat"]',
    fileInput: '[data-test-id*="upload"] input[type="file"]',
    attachmentChip: CHIP,
    searchToggle: 'button[aria-label="Deep Research"]',
  },
  copilot: {
    composer: 'textarea#userInput',
    send: 'button[data-testid="submit-button"]',
    stop: 'button[data-testid="stop-button"]',
    userTurn: '[data-content="conversation"] [data-content="user-message"]',
    userText: '.whitespace-pre-wrap',
    assistantTurn: '[data-content="conversation"] [data-content="ai-message"]',
    assistantContent: '.ai-message-content',
    copy: 'button[data-testid="copy-ai-message-button"]',
    regenerate: 'button[data-testid="regenerate-button"]',
    good: 'button[aria-label="Good response"]',
    bad: 'button[aria-label="Bad response"]',
    newChat: 'button[aria-label="New chat"]',
    fileInput: 'input[type="file"]',
    attachmentChip: CHIP,
  },
  perplexity: {
    composer: '#ask-input[data-lexical-editor="true"]',
    send: 'button[data-testid="submit-button"]',
    stop: 'button[data-testid="stop-button"], button[aria-label="Stop"]',
    userTurn: '.group\\/query',
    userText: 'span.select-text',
    assistantTurn: 'div[data-testid="answer"]',
    assistantContent: '[id^="markdown-content-"]',
    copy: 'button[aria-label="Copy"]',
    regenerate: 'button[aria-label="Rewrite"]',
    good: 'button[aria-label="Good response"]',
    bad: 'button[aria-label="Bad response"]',
    newChat: 'button[aria-label="New chat"]',
    fileInput: 'input[type="file"][multiple]',
    attachmentChip: CHIP,
    searchToggle: 'button[aria-label="Search"]',
  },
  deepseek: {
    composer: 'textarea#chat-input',
    send: '#composer-trailing div._7436101[role="button"]:not(.stop)',
    stop: '#composer-trailing div[role="button"][aria-label="Stop"]',
    userTurn: 'div.ds-message:not(:has(.ds-markdown))',
    userText: '.fbb737a4',
    assistantTurn: 'div.ds-message:has(> .ds-markdown)',
    assistantContent: '.ds-markdown',
    copy: '[role="button"][aria-label="Copy"]',
    regenerate: '[role="button"][aria-label="Regenerate"]',
    good: '[role="button"][aria-label="Good response"]',
    bad: '[role="button"][aria-label="Bad response"]',
    newChat: '[role="button"][aria-label="New chat"]',
    fileInput: 'input[type="file"]',
    attachmentChip: CHIP,
    searchToggle: '[role="button"][aria-label="Search"]',
  },
  mistral: {
    composer: 'div.ProseMirror[contenteditable="true"]',
    send: 'button[aria-label="Send question"]',
    stop: 'button[aria-label="Stop generation"]',
    userTurn: 'div[data-message-author-role="user"]',
    userText: '.whitespace-pre-wrap',
    assistantTurn: 'div[data-message-author-role="assistant"]',
    assistantContent: '[data-message-part-type="answer"]',
    copy: 'button[aria-label="Copy to clipboard"]',
    regenerate: 'button[aria-label="Rewrite"]',
    good: 'button[aria-label="Good response"]',
    bad: 'button[aria-label="Bad response"]',
    newChat: 'a[aria-label="New chat"]',
    fileInput: 'input[name="file-upload"]',
    attachmentChip: CHIP,
    searchToggle: 'button[aria-label="Web search"]',
  },
  poe: {
    composer: '[class*="InputContainer_textArea"] textarea',
    send: 'button[data-button-send]',
    stop: 'button[class*="ChatStopMessageButton"]',
    userTurn: '[class*="Message_humanMessageBubble"]',
    userText: '[class*="Markdown_markdownContainer"]',
    assistantTurn: '[class*="ChatMessage_chatMessage"]:has([class*="Message_botMessageBubble"])',
    assistantContent: '[class*="Message_botMessageBubble"]',
    copy: 'button[aria-label="Copy"]',
    regenerate: 'button[aria-label="Retry"]',
    good: 'button[aria-label="Good response"]',
    bad: 'button[aria-label="Bad response"]',
    newChat: 'a[aria-label="New chat"]',
    fileInput: 'input[type="file"]',
    attachmentChip: CHIP,
  },
};

const HOSTS: Record<ToolId, string> = {
  chatgpt: 'chatgpt.com',
  claude: 'claude.ai',
  gemini: 'gemini.google.com',
  copilot: 'copilot.microsoft.com',
  perplexity: 'www.perplexity.ai',
  deepseek: 'chat.deepseek.com',
  mistral: 'chat.mistral.ai',
  poe: 'poe.com',
};

export const CONVERSATION_PATHS: Record<ToolId, RegExp> = {
  chatgpt: new RegExp(`^/c/${UUID}$`),
  claude: new RegExp(`^/chat/${UUID}$`),
  gemini: /^\/app\/[0-9a-f]{16}$/,
  copilot: /^\/chats\/[A-Za-z0-9]+$/,
  perplexity: /^\/search\/[a-z0-9-]+-[A-Za-z0-9]+$/,
  deepseek: new RegExp(`^/a/chat/s/${UUID}$`),
  mistral: new RegExp(`^/chat/${UUID}$`),
  poe: /^\/chat\/[A-Za-z0-9]+$/,
};

/** Types text with the real keyboard; '\n' becomes Shift+Enter (a newline, not a send). */
async function typeMultiline(page: Page, text: string): Promise<void> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) await page.keyboard.press('Shift+Enter');
    const line = lines[i];
    if (line) await page.keyboard.type(line);
  }
}

/**
 * Runs in the page: the answer has finished when no stop control is left and the
 * last assistant turn shows its copy button. Shared by the Playwright drivers and
 * the puppeteer (Firefox) tests.
 */
export function answerFinished(sel: { stop: string; turn: string; copy: string }): boolean {
  if (document.querySelector(sel.stop)) return false;
  const turns = document.querySelectorAll(sel.turn);
  const last = turns[turns.length - 1];
  return !!last && !!last.querySelector(sel.copy);
}

export function createDriver(tool: ToolId, host = HOSTS[tool]): SiteDriver {
  const s = SITE_SELECTORS[tool];
  const lastAssistant = (page: Page) => page.locator(s.assistantTurn).last();

  const driver: SiteDriver = {
    tool,
    host,
    selectors: s,
    conversationPath: CONVERSATION_PATHS[tool],

    async open(page, path = '/') {
      await page.goto(`https://${host}${path}`, { waitUntil: 'load' });
      await page.locator(s.composer).waitFor({ state: 'visible' });
    },

    async newChat(page) {
      await page.locator(s.newChat).first().click();
      await page.waitForFunction(() => location.pathname === '/');
    },

    async sendPrompt(page, text, opts = {}) {
      const via = opts.via ?? 'enter';
      const before = await page.locator(s.userTurn).count();
      await page.locator(s.composer).click();
      await typeMultiline(page, text);
      if (via === 'enter') await page.keyboard.press('Enter');
      else await page.locator(s.send).click();
      await page.locator(s.userTurn).nth(before).waitFor({ state: 'attached' });
    },

    async waitForResponse(page, opts = {}) {
      const timeout = opts.timeout ?? 30_000;
      await page.waitForFunction(answerFinished, { stop: s.stop, turn: s.assistantTurn, copy: s.copy }, { timeout, polling: 50 });
    },

    async copyLastResponse(page) {
      await lastAssistant(page).locator(s.copy).first().click();
    },

    async regenerateLastResponse(page) {
      await lastAssistant(page).locator(s.regenerate).first().click();
      await page.locator(s.stop).first().waitFor({ state: 'attached', timeout: 5_000 }).catch(() => {
        // a zero-length stream may already be over; waitForResponse copes with both
      });
    },

    async attachFile(page, file) {
      const before = await page.locator(s.attachmentChip).count();
      await page.locator(s.fileInput).first().setInputFiles(file);
      await page.locator(s.attachmentChip).nth(before).waitFor({ state: 'attached' });
    },

    async stopResponse(page) {
      await page.locator(s.stop).first().click();
      await page.locator(s.stop).first().waitFor({ state: 'detached' });
    },

    async rateLast(page, value) {
      await lastAssistant(page).locator(value === 'up' ? s.good : s.bad).first().click();
    },
  };

  if (s.searchToggle) {
    const sel = s.searchToggle;
    driver.toggleWebSearch = async (page) => {
      const btn = page.locator(sel).first();
      const before = await btn.getAttribute('aria-pressed');
      await btn.click();
      const after = await btn.getAttribute('aria-pressed');
      if (after === before) throw new Error(`${tool}: web search toggle did not change aria-pressed`);
      return after === 'true';
    };
  }
  return driver;
}

export const drivers: Record<ToolId, SiteDriver> = {
  chatgpt: createDriver('chatgpt'),
  claude: createDriver('claude'),
  gemini: createDriver('gemini'),
  copilot: createDriver('copilot'),
  perplexity: createDriver('perplexity'),
  deepseek: createDriver('deepseek'),
  mistral: createDriver('mistral'),
  poe: createDriver('poe'),
};

export const MAIN_TOOLS: ToolId[] = ['chatgpt', 'claude', 'gemini', 'copilot', 'perplexity'];
export const ALL_TOOLS: ToolId[] = [...MAIN_TOOLS, 'deepseek', 'mistral', 'poe'];
