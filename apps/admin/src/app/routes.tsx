import type { RouteObject } from 'react-router';
import { ScreenError } from './screen-error.tsx';
import { Shell } from './shell.tsx';

/**
 * Every screen is a lazy chunk: the first load carries the shell, and each screen comes when it is
 * opened. URLs are the screens' state (`/admin/sales?flag=any&from=…`), so a reload or a shared link
 * shows the same thing and the back button steps through filters.
 */
export function routes(storage: Pick<Storage, 'setItem'>): RouteObject[] {
  return [
    {
      path: '/setup',
      lazy: async () => ({ Component: (await import('../auth/setup-screen.tsx')).SetupScreen }),
    },
    {
      path: '/login',
      lazy: async () => ({ Component: (await import('../auth/login-screen.tsx')).LoginScreen }),
    },
    {
      path: '/',
      element: <Shell storage={storage} />,
      // A screen that fails shows a message under the menu, not the router's blank error page.
      children: [
        {
          errorElement: <ScreenError />,
          children: [
            {
              index: true,
              lazy: async () => ({
                Component: (await import('../dashboard/dashboard-screen.tsx')).DashboardScreen,
              }),
            },
            {
              path: 'products',
              lazy: async () => ({
                Component: (await import('../products/products-screen.tsx')).ProductsScreen,
              }),
            },
            {
              path: 'products/import',
              lazy: async () => ({ Component: (await import('../products/import-screen.tsx')).ImportScreen }),
            },
            {
              path: 'products/new',
              lazy: async () => ({
                Component: (await import('../products/product-form-screen.tsx')).ProductFormScreen,
              }),
            },
            {
              path: 'products/:id',
              lazy: async () => ({
                Component: (await import('../products/product-form-screen.tsx')).ProductFormScreen,
              }),
            },
            {
              path: 'devices',
              lazy: async () => ({
                Component: (await import('../devices/devices-screen.tsx')).DevicesScreen,
              }),
            },
            {
              path: 'sales',
              lazy: async () => ({ Component: (await import('../sales/sales-screen.tsx')).SalesScreen }),
            },
            {
              path: 'sales/:id',
              lazy: async () => ({
                Component: (await import('../sales/sale-detail-screen.tsx')).SaleDetailScreen,
              }),
            },
            {
              path: 'stock',
              lazy: async () => ({ Component: (await import('../stock/stock-screen.tsx')).StockScreen }),
            },
            {
              path: 'monitoring',
              lazy: async () => ({
                Component: (await import('../monitoring/monitoring-screen.tsx')).MonitoringScreen,
              }),
            },
            {
              path: 'branches',
              lazy: async () => ({
                Component: (await import('../branches/branches-screen.tsx')).BranchesScreen,
              }),
            },
            {
              path: 'accounts',
              lazy: async () => ({
                Component: (await import('../accounts/accounts-screen.tsx')).AccountsScreen,
              }),
            },
            {
              path: 'staff',
              lazy: async () => ({ Component: (await import('../staff/staff-screen.tsx')).StaffScreen }),
            },
            {
              path: 'shifts',
              lazy: async () => ({ Component: (await import('../shifts/shifts-screen.tsx')).ShiftsScreen }),
            },
            {
              path: 'refunds',
              lazy: async () => ({
                Component: (await import('../refunds/refunds-screen.tsx')).RefundsScreen,
              }),
            },
            {
              path: 'customers',
              lazy: async () => ({
                Component: (await import('../customers/customers-screen.tsx')).CustomersScreen,
              }),
            },
            {
              path: 'audit',
              lazy: async () => ({ Component: (await import('../audit/audit-screen.tsx')).AuditScreen }),
            },
          ],
        },
      ],
    },
  ];
}
