import type { Customer } from '@kasir/protocol';
import type { SyncClient } from '@kasir/sync';
import { useT } from '@kasir/ui';
import { useEffect, useState } from 'react';

export interface CustomerBarProps {
  readonly client: SyncClient;
  readonly customer: Customer | null;
  readonly onChange: (customer: Customer | null) => void;
  readonly notify: (kind: 'info' | 'error', message: string) => void;
}

/**
 * The customer of the sale being rung up: search by name or phone, or create one, offline. The
 * sale carries the customer's id; a customer made here syncs as its own mutation, exactly once.
 */
export function CustomerBar({ client, customer, onChange, notify }: CustomerBarProps) {
  const { t } = useT();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Customer[]>([]);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [note, setNote] = useState('');

  useEffect(() => {
    let live = true;
    if (query.trim().length < 2) {
      setFound([]);
      return;
    }
    client
      .searchCustomers(query, 8)
      .then((list) => live && setFound(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, query]);

  const create = async (): Promise<void> => {
    const r = await client.createCustomer({ name, phone, email, note });
    if (!r.ok) return notify('error', t('customer.invalid'));
    onChange(r.value);
    setCreating(false);
    setQuery('');
    setName('');
    setPhone('');
    setEmail('');
    setNote('');
  };

  if (customer !== null) {
    return (
      <div className="customer-bar row" data-testid="customer-bar">
        <span data-testid="customer-selected">
          {t('customer.for')} <strong>{customer.name}</strong> <span className="muted">{customer.phone}</span>
        </span>
        <button type="button" className="link" data-testid="customer-clear" onClick={() => onChange(null)}>
          {t('customer.clear')}
        </button>
      </div>
    );
  }

  return (
    <div className="customer-bar" data-testid="customer-bar">
      <div className="row">
        <input
          data-testid="customer-search"
          autoComplete="off"
          placeholder={t('customer.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="button" data-testid="customer-new" onClick={() => setCreating(!creating)}>
          {t('customer.new')}
        </button>
      </div>
      {found.length > 0 && (
        <ul className="customer-bar__found">
          {found.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="link"
                data-testid="customer-option"
                onClick={() => onChange(c)}
              >
                {c.name}
              </button>{' '}
              <span className="muted">{c.phone}</span>
            </li>
          ))}
        </ul>
      )}
      {creating && (
        <form
          className="customer-bar__form"
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <input
            data-testid="customer-name"
            required
            maxLength={100}
            placeholder={t('customer.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <input
            data-testid="customer-phone"
            required
            inputMode="tel"
            placeholder={t('customer.phone')}
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
          />
          <input
            data-testid="customer-email"
            type="email"
            placeholder={t('customer.email')}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <input
            data-testid="customer-note"
            maxLength={500}
            placeholder={t('customer.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <button type="submit" className="primary" data-testid="customer-create">
            {t('customer.create')}
          </button>
        </form>
      )}
    </div>
  );
}
