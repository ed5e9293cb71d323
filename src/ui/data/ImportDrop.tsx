import { FileDrop } from '../shell/FileDrop';

/** Drop zone + file picker for the user's own MovieLens zip (any release) or the files in it. */
export function ImportDrop({ onFiles }: { onFiles: (files: File[]) => void }) {
  return (
    <FileDrop
      onFiles={onFiles}
      accept=".zip,.dat,.csv,.data,.item,.user,.base"
      dropTestId="import-drop"
      inputTestId="import-input"
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
    </FileDrop>
  );
}
