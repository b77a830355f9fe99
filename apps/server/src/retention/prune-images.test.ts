import { pruneImagesContract } from './prune-images.contract.ts';

pruneImagesContract('sqlite');
