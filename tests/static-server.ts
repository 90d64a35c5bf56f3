// Moved to scripts/serve.ts (one server for the tests and `npm start`); kept so `node tests/static-server.ts <dir> <port>` still works.
import '../scripts/serve.ts';
