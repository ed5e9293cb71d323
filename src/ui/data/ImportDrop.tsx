import { useId, useState, type DragEvent } from 'react';

/** Drop zone + file picker for the user's own MovieLens zip (any release) or the files in it. */
export function ImportDrop({ onFiles }: { onFiles: (files: File[]) => void }) {
  const id = useId();
  const [over, setOver] = useState(false);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = Array.from(e.dataTransfer.files);
    if (files.length) onFiles(files);
  };
  return (
    <div
      className={`drop ${over ? 'over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      data-testid="import-drop"
    >
      <p>
        Drop <strong>ml-1m.zip</strong> here (get it from{' '}
        <a href="https://grouplens.org/datasets/movielens/1m/" target="_blank" rel="noreferrer">
          the MovieLens 1M page at GroupLens
        </a>
        ), or the three files <code>ratings.dat</code>, <code>movies.dat</code>,{' '}
        <code>users.dat</code>. Any other{' '}
        <a href="https://grouplens.org/datasets/movielens/" target="_blank" rel="noreferrer">
          MovieLens release
        </a>{' '}
        works too, as its zip or its files.
      </p>
      <label htmlFor={id} className="button">
        Choose files…
      </label>
      <input
        id={id}
        type="file"
        className="visually-hidden"
        accept=".zip,.dat,.csv,.data,.item,.user,.base"
        multiple
        data-testid="import-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </div>
  );
}
