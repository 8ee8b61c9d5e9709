import { CSV_ROW_CAP } from '@referral/dashboard-contract';
import { useEffect, useId, useRef, useState } from 'react';
import { formatCount } from '@/lib/format';
import { useDebounced } from '@/lib/use-debounced';
import { buttonClass } from './ui/button';
import { Input } from './ui/input';

const SEARCH_DEBOUNCE_MS = 250;

/**
 * Search as you type, a date range and the CSV export of the current filter.
 * The URL holds the values; the search box keeps what is being typed until
 * it settles, then replaces the URL (typing is not a history entry).
 */
export function ListToolbar({
  search,
  searchLabel,
  searchPlaceholder,
  from,
  to,
  dateLabel,
  onChange,
  csvHref,
  total,
  totalCapped = false,
}: {
  search: string | undefined;
  searchLabel: string;
  searchPlaceholder: string;
  from: string | undefined;
  to: string | undefined;
  /** What the dates filter, e.g. "Created". */
  dateLabel: string;
  onChange: (
    patch: { search?: string; from?: string; to?: string },
    options?: { replace?: boolean },
  ) => void;
  csvHref: string;
  total: number | undefined;
  /** `total` is the server's count cap: more rows match. */
  totalCapped?: boolean | undefined;
}) {
  const id = useId();
  return (
    <div className="flex flex-wrap items-end gap-3 px-4 py-3">
      <SearchBox
        id={`${id}-search`}
        label={searchLabel}
        placeholder={searchPlaceholder}
        value={search}
        onSearch={(value) => onChange({ search: value || undefined }, { replace: true })}
      />
      <fieldset className="flex items-end gap-2">
        <legend className="sr-only">{dateLabel} between</legend>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-from`} className="text-xs font-medium text-slate-600">
            {dateLabel} from
          </label>
          <Input
            id={`${id}-from`}
            type="date"
            value={from ?? ''}
            max={to}
            onChange={(e) => onChange({ from: e.target.value || undefined })}
            className="w-38"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-to`} className="text-xs font-medium text-slate-600">
            to
          </label>
          <Input
            id={`${id}-to`}
            type="date"
            value={to ?? ''}
            min={from}
            onChange={(e) => onChange({ to: e.target.value || undefined })}
            className="w-38"
          />
        </div>
      </fieldset>
      <div className="ml-auto flex flex-col items-end gap-1">
        <a href={csvHref} download className={buttonClass('secondary', 'md')}>
          <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="currentColor">
            <path d="M10.75 2.75a.75.75 0 0 0-1.5 0v8.614L6.295 8.235a.75.75 0 1 0-1.09 1.03l4.25 4.5a.75.75 0 0 0 1.09 0l4.25-4.5a.75.75 0 0 0-1.09-1.03l-2.955 3.129V2.75Z" />
            <path d="M3.5 12.75a.75.75 0 0 0-1.5 0v2.5A2.75 2.75 0 0 0 4.75 18h10.5A2.75 2.75 0 0 0 18 15.25v-2.5a.75.75 0 0 0-1.5 0v2.5c0 .69-.56 1.25-1.25 1.25H4.75c-.69 0-1.25-.56-1.25-1.25v-2.5Z" />
          </svg>
          Export CSV
        </a>
        {total !== undefined && total > CSV_ROW_CAP ? (
          <p className="text-xs text-amber-800">
            The export holds the first {formatCount(CSV_ROW_CAP)} of{' '}
            {totalCapped ? `more than ${formatCount(total)}` : formatCount(total)} rows.
          </p>
        ) : null}
      </div>
    </div>
  );
}

function SearchBox({
  id,
  label,
  placeholder,
  value,
  onSearch,
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string | undefined;
  onSearch: (value: string) => void;
}) {
  const [text, setText] = useState(value ?? '');
  const settled = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  // What this box last wrote to the URL: an echo of it must not clobber newer typing.
  const written = useRef(value ?? '');

  useEffect(() => {
    const fromUrl = value ?? '';
    if (fromUrl !== written.current) {
      written.current = fromUrl;
      setText(fromUrl);
    }
  }, [value]);

  useEffect(() => {
    if (settled !== written.current) {
      written.current = settled;
      onSearch(settled);
    }
    // onSearch changes identity each render; the settled text is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);

  return (
    <div className="flex min-w-64 flex-1 flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      <div className="relative">
        <svg
          aria-hidden
          viewBox="0 0 20 20"
          fill="currentColor"
          className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-400"
        >
          <path
            fillRule="evenodd"
            d="M9 3.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11ZM2 9a7 7 0 1 1 12.452 4.391l3.328 3.329a.75.75 0 1 1-1.06 1.06l-3.329-3.328A7 7 0 0 1 2 9Z"
            clipRule="evenodd"
          />
        </svg>
        <Input
          id={id}
          type="search"
          value={text}
          placeholder={placeholder}
          onChange={(e) => setText(e.target.value)}
          className="w-full pl-8"
          autoComplete="off"
        />
      </div>
    </div>
  );
}
