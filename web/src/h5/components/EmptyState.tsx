import { InfoIcon } from './icons';

/** A friendly "not yet" inside a card: what is missing and what to do about it. */
export function EmptyState({ title, hint }: { title: string; hint: string }) {
  return (
    <div className="h5-empty">
      <InfoIcon />
      <div>
        <b>{title}</b>
        <p>{hint}</p>
      </div>
    </div>
  );
}
