/**
 * Keyboard shortcuts of the workspace, as agents know them from other desks: `/` to search,
 * `g` then `i` for the inbox, `g` then `r` for records. Ignored while typing in a field.
 */
import { useEffect } from 'react';
import { useNavigate } from 'react-router';

const isTyping = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function Shortcuts() {
  const navigate = useNavigate();
  useEffect(() => {
    let leader = false;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === '/') {
        const search = document.querySelector<HTMLInputElement>('[data-shortcut="search"] input, input[data-shortcut="search"]');
        if (search) {
          event.preventDefault();
          search.focus();
        }
      } else if (leader && (event.key === 'i' || event.key === 'r')) {
        navigate(event.key === 'i' ? '/' : '/records');
      }
      leader = event.key === 'g';
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
  return null;
}
