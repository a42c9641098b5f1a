/**
 * What Leadline records and what it never records, in plain words. The welcome
 * page renders this list; disclosure.test.ts checks that it and the README name
 * every event kind, feature and bucket the contract allows, so the promise
 * people read cannot fall behind the schema.
 */
export const RECORDED: ReadonlyArray<readonly [string, string]> = [
  ['Which AI tool', 'The tool id, such as chatgpt or claude.'],
  ['When', 'The time, rounded down to the minute.'],
  ['Prompt sent', 'A size bucket (xs under 50 characters … xl over 4,000), how many files were attached, whether it was an edit, and its turn number in the conversation.'],
  ['Response finished', 'A size bucket, whether it contained a code block, and how long it took (a bucket).'],
  ['Other actions', 'Response stopped, regenerated or copied; a conversation started; thumbs up or down; a feature used (file upload, web search, image generation, data analysis, canvas or artifacts, deep research, agent, voice, custom assistant).'],
  ['Engaged time', 'Seconds when the tool tab was visible and focused and you had interacted in the last minute.'],
  ['A conversation key', 'A one-way keyed hash of the conversation id, made with a secret that never leaves this device. It lets turns be counted; it cannot be turned back into the id.'],
];

export const NEVER_RECORDED: readonly string[] = [
  'Prompt text or response text',
  'Page titles, URLs, URL paths or queries',
  'Conversation ids, file names or file contents',
  'Anything from pages that are not approved AI tools',
  'Keystrokes, screenshots or DOM snippets',
];
