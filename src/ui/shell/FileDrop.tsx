import { useId, useState, type ReactNode } from 'react';

/**
 * A drop zone with a "Choose files…" picker: files dropped or chosen go to `onFiles` (never an
 * empty list). The input is cleared after each pick, so choosing the same file again reads it again.
 */
export function FileDrop(props: {
  onFiles: (files: File[]) => void;
  accept: string;
  dropTestId: string;
  inputTestId: string;
  disabled?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  const [over, setOver] = useState(false);
  const take = (files: File[]) => {
    if (files.length) props.onFiles(files);
  };
  return (
    <div
      className={`drop ${over ? 'over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(Array.from(e.dataTransfer.files));
      }}
      data-testid={props.dropTestId}
    >
      {props.children}
      <label htmlFor={id} className="button">
        Choose files…
      </label>
      <input
        id={id}
        type="file"
        className="visually-hidden"
        accept={props.accept}
        multiple
        disabled={props.disabled}
        data-testid={props.inputTestId}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          take(files);
        }}
      />
    </div>
  );
}
