export {
  createAdminClient,
  type AdminClient,
  type AdminClientOptions,
  type AdminFetch,
} from './admin-client.ts';
export { describeAdminError, unwrap, type AdminError, type AdminResult } from './admin-result.ts';
