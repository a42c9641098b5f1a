/**
 * The few icons Leadline draws, as inline SVG in the text colour: an emoji or
 * a symbol font may be missing (the pause sign showed as an empty box), SVG
 * never is. Decorative: each sits beside words that say the same thing.
 */
import type { ReactElement } from 'react';

const PATHS = {
  settings:
    'M12 15.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Zm7.4-2.3.1-1.2-.1-1.2 2-1.6-2-3.4-2.4 1a7.6 7.6 0 0 0-2-1.2L14.6 3h-4l-.4 2.6c-.7.3-1.4.7-2 1.2l-2.4-1-2 3.4 2 1.6-.1 1.2.1 1.2-2 1.6 2 3.4 2.4-1c.6.5 1.3.9 2 1.2l.4 2.6h4l.4-2.6c.7-.3 1.4-.7 2-1.2l2.4 1 2-3.4-2-1.6Z',
  pause: 'M8 5h3v14H8zM13 5h3v14h-3z',
  play: 'M8 5v14l11-7z',
  sync: 'M4 12a8 8 0 0 1 13.7-5.6L20 4v6h-6l2.3-2.3A6 6 0 0 0 6 12H4Zm16 0a8 8 0 0 1-13.7 5.6L4 20v-6h6l-2.3 2.3A6 6 0 0 0 18 12h2Z',
  bulb: 'M12 3a6 6 0 0 0-3.6 10.8c.4.3.6.8.6 1.2V17h6v-2c0-.4.2-.9.6-1.2A6 6 0 0 0 12 3Zm-2 16h4v1.5a.5.5 0 0 1-.5.5h-3a.5.5 0 0 1-.5-.5V19Z',
  close: 'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6Z',
  up: 'M12 5 5 13h4.5v6h5v-6H19z',
  down: 'M12 19l7-8h-4.5V5h-5v6H5z',
  same: 'M5 9h14v2H5zM5 13h14v2H5z',
  chevron: 'M9 6l6 6-6 6-1.4-1.4L12.2 12 7.6 7.4z',
  info: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm1 14h-2v-6h2v6Zm0-8h-2V7h2v2Z',
} as const;

export type IconName = keyof typeof PATHS | 'dot';

export function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }): ReactElement {
  return (
    <svg className={className ? `icon ${className}` : 'icon'} width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {name === 'dot' ? <circle cx="12" cy="12" r="6" fill="currentColor" /> : <path d={PATHS[name]} fill="currentColor" />}
    </svg>
  );
}
