// Starts dynalite (in memory) on a free loopback port for the DynamoDB adapter's tests and prints that port.
// It exits when its standard input closes, so a test JVM that dies, however it dies, leaves no server behind.
const dynalite = require('dynalite');

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => {
  console.log(`dynalite listening on port ${server.address().port}`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
