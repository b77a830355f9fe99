import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-node';

/**
 * The PouchDB server of `npm run bench:peers`: express-pouchdb 4 over PouchDB 9 with its default
 * leveldb adapter (leveldown), data in POUCH_DATA_DIR, on 127.0.0.1:PORT. Started in its own
 * process by pouch-bench.ts, as the test kit starts Kasir's server (spawnServer).
 */
const dir = process.env.POUCH_DATA_DIR;
const port = Number(process.env.PORT);
if (dir === undefined || !Number.isInteger(port)) throw new Error('POUCH_DATA_DIR and PORT are required');

const LevelPouch = PouchDB.defaults({ prefix: `${dir}/` });
const app = express();
// The routes PouchDB replication needs (no auth, Fauxton or replicator wrappers): the lightest
// express-pouchdb there is, so the comparison does not count work Kasir's server would skip.
app.use(
  '/',
  expressPouchDB(LevelPouch, {
    mode: 'minimumForPouchDB',
    inMemoryConfig: true,
    configPath: `${dir}/config.json`,
    logPath: `${dir}/log.txt`,
  }),
);
const server = app.listen(port, '127.0.0.1', () => console.log(`pouchdb server ready on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
