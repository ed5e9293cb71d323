import { useRef, useState, type KeyboardEvent } from 'react';

const VALUES = [1, 2, 3, 4, 5] as const;

/**
 * 1–5 stars as one radio group: one tab stop (the current rating, else 1★), arrow keys / Home /
 * End move between stars, Enter or Space rates. Arrows only move focus — rating makes a card
 * leave its list, so it waits for a deliberate key.
 *
 * Hover: the stars light up under the pointer only after the pointer has moved over this group.
 * A card that slides under a resting pointer (the next one, after rating) shows no hover state.
 */
export function Stars({
  title,
  rating,
  onRate,
}: {
  title: string;
  rating: number | null | undefined;
  onRate: (value: number) => void;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const [pointer, setPointer] = useState(false);
  const current = typeof rating === 'number' ? rating : 0;
  const [stop, setStop] = useState(current > 0 ? current : 1);

  const move = (e: KeyboardEvent) => {
    const next =
      e.key === 'ArrowRight' || e.key === 'ArrowUp'
        ? Math.min(5, stop + 1)
        : e.key === 'ArrowLeft' || e.key === 'ArrowDown'
          ? Math.max(1, stop - 1)
          : e.key === 'Home'
            ? 1
            : e.key === 'End'
              ? 5
              : null;
    if (next === null) return;
    e.preventDefault();
    setStop(next);
    refs.current[next - 1]?.focus();
  };

  return (
    <div
      className="stars"
      role="radiogroup"
      aria-label={`Rate ${title}`}
      data-pointer={pointer || undefined}
      onPointerMove={() => !pointer && setPointer(true)}
      onPointerLeave={() => setPointer(false)}
      onKeyDown={move}
    >
      {VALUES.map((v) => (
        <button
          key={v}
          ref={(el) => {
            refs.current[v - 1] = el;
          }}
          type="button"
          role="radio"
          data-testid="rate"
          data-value={v}
          data-lit={v <= current || undefined}
          aria-checked={v === current}
          aria-label={`${v} star${v > 1 ? 's' : ''}`}
          tabIndex={v === stop ? 0 : -1}
          onFocus={() => setStop(v)}
          onClick={() => onRate(v)}
        >
          ★
        </button>
      ))}
    </div>
  );
}
