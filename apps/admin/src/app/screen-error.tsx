import { Button, useT } from '@kasir/ui';
import { useEffect } from 'react';
import { useRouteError } from 'react-router';

/**
 * What a screen that failed to render or load shows, under the menu: a message and a reload (a new
 * version of the back office deployed meanwhile is the usual cause). The error goes to the console.
 */
export function ScreenError() {
  const { t } = useT();
  const error = useRouteError();
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section className="screen" role="alert" data-testid="screen-error">
      <h1>{t('app.screenError')}</h1>
      <p className="muted">{t('app.screenErrorHint')}</p>
      <Button variant="primary" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </Button>
    </section>
  );
}
