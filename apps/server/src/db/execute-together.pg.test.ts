import { executeTogetherContract } from './execute-together.contract.ts';

executeTogetherContract('postgres');
