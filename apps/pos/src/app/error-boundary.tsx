import { Component, type ReactNode } from 'react';

interface State {
  readonly error: Error | null;
}

/**
 * Last resort for a rendering bug: say so and offer a reload instead of a blank screen. Sales
 * already recorded are safe in the local store; the open cart is kept in localStorage.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; onReload: () => void }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <main className="pairing" role="alert">
        <div className="card">
          <h1>Kasir</h1>
          <p className="error">{this.state.error.message}</p>
          <button type="button" className="primary" onClick={this.props.onReload}>
            Muat ulang / Reload
          </button>
        </div>
      </main>
    );
  }
}
