/**
 * Which conversation the page shows, as the site's own id read from the URL
 * path (sent only to our background, which keys it with an HMAC), or a local
 * random ref for a new chat the site has not given an id yet. When that id
 * appears, the local ref is linked to it, so a chat is one conversation from
 * its first prompt.
 */
const LOCAL_REF_PREFIX = 'local-';

export type Navigation =
  /** Still the same conversation (or the same unsaved chat). */
  | { kind: 'same' }
  /** The new chat got its site id: re-key what was recorded under the local ref. */
  | { kind: 'linked'; from: string; to: string }
  /** Another conversation (or none): the tracker starts afresh. */
  | { kind: 'changed' };

export class ConversationIdentity {
  private patterns: RegExp[] = [];
  /** The current conversation's ref; null until a conversation is seen or started. */
  ref: string | null = null;
  private lastPath: string;

  constructor(path: string) {
    this.lastPath = path;
  }

  /** Compiles the tool's conversation-path patterns; answers how many were invalid (counted as errors). */
  usePatterns(sources: readonly string[]): number {
    let invalid = 0;
    this.patterns = sources.flatMap((p) => {
      try {
        return [new RegExp(p)];
      } catch {
        invalid += 1;
        return [];
      }
    });
    return invalid;
  }

  /** Take the conversation from the URL the page opened at. */
  fromPath(): void {
    this.ref = this.refFromPath(this.lastPath);
  }

  refFromPath(path: string): string | null {
    for (const re of this.patterns) {
      const m = re.exec(path);
      if (m?.[1]) return m[1].slice(0, 160);
    }
    return null;
  }

  /** A first prompt with no conversation yet: the URL's id, or a local ref until the site gives one. */
  start(path: string, randomId: () => string): void {
    this.ref = this.refFromPath(path) ?? `${LOCAL_REF_PREFIX}${randomId()}`;
  }

  /** Whether the path changed since the last look. */
  moved(path: string): boolean {
    return path !== this.lastPath;
  }

  navigate(path: string): Navigation {
    const prevRef = this.refFromPath(this.lastPath);
    this.lastPath = path;
    const ref = this.refFromPath(path);
    if (ref === this.ref) return { kind: 'same' };
    const local = this.isLocal() ? this.ref : null;
    if (ref && local && prevRef === null) {
      this.ref = ref;
      return { kind: 'linked', from: local, to: ref };
    }
    if (ref === null && local) return { kind: 'same' }; // still the same unsaved chat
    this.ref = ref;
    return { kind: 'changed' };
  }

  /** A chat recorded before the site gave it an id carries a local ref until it is linked. */
  private isLocal(): boolean {
    return this.ref?.startsWith(LOCAL_REF_PREFIX) ?? false;
  }
}
