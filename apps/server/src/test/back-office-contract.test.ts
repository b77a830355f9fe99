import { backOfficeAuthContract } from '../accounts/back-office-auth.contract.ts';

backOfficeAuthContract('sqlite');
