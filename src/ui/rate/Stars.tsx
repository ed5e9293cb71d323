import { useRef, useState, type KeyboardEvent } from 'react';
import { starsLabel, starValues, useHalfStars } from './scale';

/**
 * 1–5 stars (or 0.5–5 in halves, where the data set rates in halves) as one radio group: one tab
 * stop (the current rating, else the lowest), arrow keys / Home / End move between values (half a
 * star at a time in halves), Enter or Space rates. Arrows only move focus — rating makes a card
 * leave its list, so it waits for a deliberate key.
 *
 * In halves each star is two buttons, its left and its right half; `data-value` is the rating
 * either gives ("3.5", "4").
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
  const halves = useHalfStars();
  const values = starValues(halves);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const [pointer, setPointer] = useState(false);
  const current = typeof rating === 'number' ? rating : 0;
  const lowest = values[0]!;
  const [stop, setStop] = useState(current > 0 ? current : lowest);
  // A whole-star rating shown in halves, or one that is not on this scale: the nearest value.
  const stopIndex = Math.max(
    0,
    values.findIndex((v) => v >= stop),
  );

  const move = (e: KeyboardEvent) => {
    const last = values.length - 1;
    const next =
      e.key === 'ArrowRight' || e.key === 'ArrowUp'
        ? Math.min(last, stopIndex + 1)
        : e.key === 'ArrowLeft' || e.key === 'ArrowDown'
          ? Math.max(0, stopIndex - 1)
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : null;
    if (next === null) return;
    e.preventDefault();
    setStop(values[next]!);
    refs.current[next]?.focus();
  };

  return (
    <div
      className="stars"
      role="radiogroup"
      aria-label={`Rate ${title}`}
      data-halves={halves || undefined}
      data-pointer={pointer || undefined}
      onPointerMove={() => !pointer && setPointer(true)}
      onPointerLeave={() => setPointer(false)}
      onKeyDown={move}
    >
      {values.map((v, i) => (
        <button
          key={v}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="radio"
          data-testid="rate"
          data-value={v}
          data-half={halves ? (Number.isInteger(v) ? 'right' : 'left') : undefined}
          data-lit={v <= current || undefined}
          aria-checked={v === current}
          aria-label={starsLabel(v)}
          tabIndex={i === stopIndex ? 0 : -1}
          onFocus={() => setStop(v)}
          onClick={() => onRate(v)}
        >
          {halves ? <span aria-hidden="true">★</span> : '★'}
        </button>
      ))}
    </div>
  );
}
