/**
 * DOM readings the tracker makes on input events and answers: which element
 * an event is about, whether it is editable, how long its text is (a length
 * only: the text is never kept), and whether a toggle is on.
 */
export function eventElement(e: Event): Element | null {
  const t = (e.composedPath?.()[0] ?? e.target) as EventTarget | null;
  return t instanceof Element ? t : null;
}

export function isEditable(el: Element): boolean {
  if (el instanceof HTMLInputElement) return el.type === 'text' || el.type === 'search';
  return el instanceof HTMLTextAreaElement || (el instanceof HTMLElement && el.isContentEditable);
}

/**
 * Length only: the text itself is never kept. -1 when it cannot be read.
 * Button labels inside the element (Copy, Retry…) are not part of what was written.
 */
export function measure(el: Element): number {
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement) return el.value.length;
  const total = el.textContent?.trim().length;
  if (total === undefined) return -1;
  let labels = 0;
  for (const control of Array.from(el.querySelectorAll(CONTROLS))) {
    // Outermost controls only, so nested ones are not subtracted twice.
    const outer = control.parentElement?.closest(CONTROLS);
    if (!outer || !el.contains(outer)) labels += control.textContent?.trim().length ?? 0;
  }
  return Math.max(0, total - labels);
}

const CONTROLS = 'button, [role="button"], [role="toolbar"]';

export function isOn(el: Element): boolean {
  const button = el.closest('[aria-pressed],[aria-checked]') ?? el;
  return button.getAttribute('aria-pressed') === 'true' || button.getAttribute('aria-checked') === 'true';
}
