import { useId } from 'react';
import { CHOICES, choiceLabel, DESCRIBE, type Choice } from './choice';

/**
 * Under the lists: a plain line on how they are picked, and the choice of model as an advanced
 * option ("How these are picked", closed by default), each choice with its plain name and one
 * sentence. Rule: nothing here names a model, a weight or a metric (those are the lab's).
 */
export function ModelSwitch({
  choice,
  onChange,
  explanation,
  leans,
}: {
  choice: Choice;
  onChange: (c: Choice) => void;
  explanation: string;
  /** the balanced stars lean on what people like you watch (the measured blend serves) */
  leans?: boolean;
}) {
  const switchId = useId();
  return (
    <div className="how-picked">
      <p
        id={`${switchId}-why`}
        className="hint"
        data-testid="blend-explanation"
        data-leans={leans ? 'true' : undefined}
      >
        {explanation}
      </p>
      <details data-testid="how-picked">
        <summary>How these are picked</summary>
        <fieldset className="model-choices" aria-describedby={`${switchId}-why`}>
          <legend>Pick films by</legend>
          {CHOICES.map((c) => (
            <label key={c}>
              <input
                type="radio"
                name={switchId}
                value={c}
                checked={choice === c}
                onChange={() => onChange(c)}
                data-testid="model-choice"
                data-choice={c}
              />
              <span>
                <strong>{choiceLabel(c)}</strong>
                <span className="muted small"> {DESCRIBE[c]}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </details>
    </div>
  );
}
