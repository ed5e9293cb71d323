/**
 * Where keyboard focus goes when the page changes under it (a new view, signup done, a dialog
 * closed on a card that is gone): to the new page's heading, with the page scrolled to the top,
 * so a screen reader announces where the user is and Tab goes on from there.
 */
export function focusHeading(selector = 'main h1'): void {
  const h = document.querySelector<HTMLElement>(selector);
  window.scrollTo(0, 0);
  if (!h) return;
  if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
  h.focus({ preventScroll: true });
}
